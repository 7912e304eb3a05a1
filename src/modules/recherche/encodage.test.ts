import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { compresser, encodageAccepte, etagEncode } from './encodage.ts';

describe('Accept-Encoding', () => {
  it('choisit br, puis gzip, selon les poids ; sinon rien (identité)', () => {
    const cas: [string | undefined, string | undefined][] = [
      [undefined, undefined],
      ['', undefined],
      ['gzip, deflate, br', 'br'],
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip, deflate', 'gzip'],
      ['deflate', undefined],
      ['identity', undefined],
      ['br;q=0', undefined],
      ['br;q=0, gzip;q=0.1', 'gzip'],
      ['gzip;q=0.8, br;q=0.5', 'gzip'],
      ['gzip;q=0.5, br;q=0.5', 'br'],
      ['gzip ; q=0.5 , br ; q = 0.4', 'gzip'],
      ['*', 'br'],
      ['*;q=0', undefined],
      ['br;q=0, *', 'gzip'],
      ['x-gzip', 'gzip'],
      ['GZIP', 'gzip'],
      ['gzip;q=abc', undefined],
    ];
    for (const [entete, attendu] of cas) assert.equal(encodageAccepte(entete), attendu, String(entete));
    // Memoised: the same answer the second time.
    for (const [entete, attendu] of cas) assert.equal(encodageAccepte(entete), attendu, String(entete));
  });

  it('compresse sans perte ; une étiquette par encodage', () => {
    const corps = Buffer.from(JSON.stringify({ lieux: Array.from({ length: 50 }, (_, i) => ({ nom: `Lieu ${i}`, commune: 'Lyon' })) }));
    assert.deepEqual(brotliDecompressSync(compresser(corps, 'br')), corps);
    assert.deepEqual(gunzipSync(compresser(corps, 'gzip')), corps);
    assert.equal(etagEncode('"abc"', 'br'), 'W/"abc-br"');
    assert.equal(etagEncode('"abc"', 'gzip'), 'W/"abc-gz"');
  });
});
