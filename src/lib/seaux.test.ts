import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Seaux } from './seaux.ts';

test('a bucket lets `capacite` requests through, then refills at its rate; keys are independent; memory is bounded', () => {
  const s = new Seaux(3, 0.5, 4);
  const t0 = 1_000_000;
  assert.deepEqual([0, 1, 2].map(() => s.prendre('a', t0)), [0, 0, 0]);
  assert.equal(s.prendre('a', t0), 2, 'empty: wait 2 s for one token at 0.5/s');
  assert.equal(s.prendre('b', t0), 0, 'another key has its own bucket');
  assert.equal(s.prendre('a', t0 + 1000), 1, 'half a token after 1 s');
  assert.equal(s.prendre('a', t0 + 2000), 0, 'one token after 2 s');
  for (const k of ['c', 'd', 'e', 'f']) s.prendre(k, t0);
  assert.equal(s.taille, 4);
});
