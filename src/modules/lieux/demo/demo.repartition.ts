import type { Aleatoire } from '../../../lib/prng.ts';

/** What the generator needs to know about a commune (the territoires module provides it). */
export interface CommuneDemo {
  code: string;
  /** The commune's name as the `commune` field carries it (« Paris » for an arrondissement of Paris). */
  nom: string;
  /** How place names refer to it when it differs from `nom` (« Paris 11e »). */
  libelle?: string;
  departement: string;
  region: string;
  codesPostaux: readonly string[];
  latitude: number;
  longitude: number;
  population: number;
}

/**
 * Weight of a commune: its population, plus a floor so that villages get their mairie or France Services too
 * (about one place in eight lands in communes under 2,000 inhabitants, as in the national directory).
 */
const PLANCHER = 250;

/**
 * How many places each commune gets: exactly `taille` in total, each commune floor or ceiling of its share
 * (systematic sampling with one random offset), after first giving one place to the largest commune of every
 * département so that none is empty — overseas included — as soon as `taille` allows it.
 * Returns counts aligned with `communes` (sorted by code beforehand by the caller).
 */
export function repartir(communes: readonly CommuneDemo[], taille: number, alea: Aleatoire): Uint32Array {
  const comptes = new Uint32Array(communes.length);
  const parDepartement = new Map<string, number>();
  communes.forEach((c, i) => {
    const meilleur = parDepartement.get(c.departement);
    if (meilleur === undefined || communes[meilleur]!.population < c.population) parDepartement.set(c.departement, i);
  });
  let reste = taille;
  if (taille >= parDepartement.size * 2) {
    for (const i of parDepartement.values()) comptes[i]! += 1;
    reste -= parDepartement.size;
  }
  let total = 0;
  for (const c of communes) total += c.population + PLANCHER;
  if (reste <= 0 || total <= 0) return comptes;
  const pas = total / reste;
  let prochain = alea.reel() * pas;
  let cumul = 0;
  let places = 0;
  for (let i = 0; i < communes.length && places < reste; i++) {
    cumul += communes[i]!.population + PLANCHER;
    while (prochain < cumul && places < reste) {
      comptes[i]! += 1;
      places++;
      prochain += pas;
    }
  }
  // Floating-point rounding can leave the last point just past the end: it belongs to the last commune.
  if (places < reste) comptes[communes.length - 1]! += reste - places;
  return comptes;
}
