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

test('a bucket in use is never the one dropped, even while it is refused', () => {
  const s = new Seaux(1, 0.001, 4);
  const t0 = 1_000_000;
  assert.equal(s.prendre('a', t0), 0);
  // Many new addresses, 'a' coming back between them: its empty bucket stays (a dropped one would be full).
  for (let i = 0; i < 50; i++) {
    s.prendre(`autre-${i}`, t0);
    assert.ok(s.prendre('a', t0) > 0, `'a' a retrouvé un seau plein après ${i + 1} autres adresses`);
  }
  assert.equal(s.taille, 4);
  // An unused bucket does go: after 4 new addresses without 'a', 'a' is full again.
  for (let i = 0; i < 4; i++) s.prendre(`encore-${i}`, t0);
  assert.equal(s.prendre('a', t0), 0);
});
