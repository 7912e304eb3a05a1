/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32) so that the demo register, and the
 * random cases of the tests, are the same for the same seed on every machine and every Node version —
 * Math.random() cannot be seeded.
 * Not for anything secret.
 */
export interface Aleatoire {
  /** Uniform float in [0, 1). */
  reel(): number;
  /** Uniform integer in [min, max] (inclusive). */
  entier(min: number, max: number): number;
  /** true with probability p. */
  chance(p: number): boolean;
  choisir<T>(valeurs: readonly T[]): T;
  /** Pick by weight: [value, weight] pairs, weights need not sum to 1. */
  pondere<T>(valeurs: readonly (readonly [T, number])[]): T;
  /** Standard normal variate (Box–Muller). */
  normal(): number;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function creerAleatoire(graine: number): Aleatoire {
  const init = splitmix32(graine);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const suivant = (): number => {
    // sfc32: 128-bit state, passes PractRand far beyond what the demo draws.
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) suivant();

  const reel = () => suivant() / 4294967296;
  return {
    reel,
    entier: (min, max) => min + Math.floor(reel() * (max - min + 1)),
    chance: (p) => reel() < p,
    choisir: (valeurs) => valeurs[Math.floor(reel() * valeurs.length)] as (typeof valeurs)[number],
    pondere(valeurs) {
      let total = 0;
      for (const [, w] of valeurs) total += w;
      let r = reel() * total;
      for (const [v, w] of valeurs) {
        r -= w;
        if (r < 0) return v;
      }
      return valeurs[valeurs.length - 1]![0];
    },
    normal() {
      const u = 1 - reel();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * reel());
    },
  };
}
