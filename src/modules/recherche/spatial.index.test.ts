import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distanceKm, kmDeCorde2 } from '../../lib/geo.ts';
import { creerAleatoire } from '../../lib/prng.ts';
import { IndexSpatial, type Positions } from './spatial.index.ts';

// The circle walk must give exactly the live slots a haversine scan of every slot gives, with their distance:
// from the tree and from the tail of slots added after its build, across the antimeridian too.
describe('index spatial : dansCercle = balayage complet au haversine', () => {
  const alea = creerAleatoire(11).reel;
  const n = 6000;
  const p: Positions = { vivant: new Uint8Array(n), aCoordonnees: new Uint8Array(n), lon: new Float64Array(n), lat: new Float64Array(n) };
  const centres: [number, number][] = [[48.8566, 2.3522], [45.764, 4.8357], [-17.5, 179.9], [-17.5, -179.95], [16.24, -61.53]];
  for (let s = 0; s < n; s++) {
    const [lat, lon] = centres[s % centres.length]!;
    p.lat[s] = lat + (alea() - 0.5) * 1.2;
    p.lon[s] = ((lon + (alea() - 0.5) * 1.6 + 540) % 360) - 180;
    p.aCoordonnees[s] = 1;
    p.vivant[s] = alea() < 0.9 ? 1 : 0;
  }
  const index = new IndexSpatial();
  // The last 500 slots come after the build: they are walked from the tail.
  index.construire(n - 500, p);
  for (let s = n - 500; s < n; s++) index.ajouter(s);

  for (const [lat, lon] of centres) {
    for (const km of [0.5, 5, 20, 60]) {
      it(`${km} km autour de (${lat}, ${lon})`, () => {
        const vus = new Map<number, number>();
        index.dansCercle(p, lat, lon, km, (s, corde2) => {
          assert.ok(!vus.has(s), `slot ${s} visité deux fois`);
          vus.set(s, kmDeCorde2(corde2));
        });
        for (let s = 0; s < n; s++) {
          const d = distanceKm(lat, lon, p.lat[s]!, p.lon[s]!);
          // Points within a micrometre of the circle may fall either side: the two formulas round differently.
          if (Math.abs(d - km) < 1e-9) continue;
          assert.equal(vus.has(s), Boolean(p.vivant[s]) && d <= km, `slot ${s} à ${d} km`);
          if (vus.has(s)) assert.ok(Math.abs(vus.get(s)! - d) < 1e-6, `slot ${s} : ${vus.get(s)} km au lieu de ${d}`);
        }
      });
    }
  }
});
