import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { corde2DeKm, distanceKm, kmDeCorde2, vecteurUnitaire } from './geo.ts';
import { creerAleatoire } from './prng.ts';

function corde2(a: [number, number], b: [number, number]): number {
  const v = new Float64Array(6);
  vecteurUnitaire(a[0], a[1], v, 0);
  vecteurUnitaire(b[0], b[1], v, 3);
  return (v[0]! - v[3]!) ** 2 + (v[1]! - v[4]!) ** 2 + (v[2]! - v[5]!) ** 2;
}

describe('distance par la corde', () => {
  it('donne la distance du haversine, de quelques mètres aux antipodes', () => {
    const alea = creerAleatoire(7).reel;
    for (let i = 0; i < 20_000; i++) {
      const a: [number, number] = [alea() * 180 - 90, alea() * 360 - 180];
      // Near pairs (the directory's case: metres to tens of km) and far ones.
      const echelle = i % 2 ? 0.0001 + alea() * 0.2 : alea() * 180;
      const b: [number, number] = [Math.max(-90, Math.min(90, a[0] + (alea() - 0.5) * echelle)), a[1] + (alea() - 0.5) * echelle];
      const h = distanceKm(a[0], a[1], b[0], b[1]);
      const c = kmDeCorde2(corde2(a, b));
      assert.ok(Math.abs(h - c) <= 1e-6 + 1e-9 * h, `${a} → ${b} : ${h} km par le haversine, ${c} par la corde`);
    }
  });

  it('borne un cercle comme le haversine : dedans jusqu’au rayon, dehors au-delà', () => {
    const paris: [number, number] = [48.8566, 2.3522];
    for (const km of [0.5, 10, 100, 1000]) {
      const max = corde2DeKm(km);
      // Along a meridian, 1 km is 1 / 111.195 degree of latitude.
      const dedans: [number, number] = [paris[0] + (km * 0.999) / 111.195, paris[1]];
      const dehors: [number, number] = [paris[0] + (km * 1.001) / 111.195, paris[1]];
      assert.ok(corde2(paris, dedans) <= max, `${km} km : point intérieur refusé`);
      assert.ok(corde2(paris, dehors) > max, `${km} km : point extérieur accepté`);
    }
    assert.equal(corde2DeKm(30_000), Number.POSITIVE_INFINITY, 'au-delà des antipodes, toute la sphère');
    // The last circle of the k nearest (20,040 km) holds the exact antipode, whose chord may round above 4.
    const a: [number, number] = [21.581877, 31.5601];
    assert.ok(corde2(a, [-21.581877, -148.4399]) <= corde2DeKm(20_040));
  });
});
