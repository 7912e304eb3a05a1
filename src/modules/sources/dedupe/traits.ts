import { analyserAdresse, analyserNom, clePivot, cleTelephone, domaineSite, motsDeCommune } from './normalisation.ts';
import type { LieuSource } from './types.ts';

/** Everything a pair score needs, computed once per record so that scoring a pair allocates nothing. */
export interface Traits {
  propres: string[];
  generiques: string;
  initiales: string;
  types: string[];
  numero: string | null;
  rue: string[];
  commune: string;
  codePostal: string;
  codeInsee: string | null;
  lat: number;
  lon: number;
  aCoordonnees: boolean;
  pivot: string | null;
  telephone: string | null;
  courriels: string[];
  domaines: string[];
  typologie: string[];
  source: string;
}

/** Communes repeat (a thousand records share a few hundred names): their words are computed once per run. */
export type CacheCommunes = Map<string, string[]>;

export function calculerTraits(l: LieuSource, cache?: CacheCommunes): Traits {
  let motsCommune = cache?.get(l.commune);
  if (!motsCommune) {
    motsCommune = motsDeCommune(l.commune);
    cache?.set(l.commune, motsCommune);
  }
  const nom = analyserNom(l.nom, l.commune, motsCommune);
  const adresse = analyserAdresse(l.adresse, l.commune, motsCommune);
  const aCoordonnees = l.latitude !== null && l.longitude !== null && Number.isFinite(l.latitude) && Number.isFinite(l.longitude)
    && !(l.latitude === 0 && l.longitude === 0);
  const domaines = new Set<string>();
  for (const s of l.site_web ?? []) {
    const d = domaineSite(s);
    if (d) domaines.add(d);
  }
  return {
    propres: nom.propres,
    generiques: nom.generiques,
    initiales: nom.initiales,
    types: nom.types,
    numero: adresse.numero,
    rue: adresse.mots,
    commune: motsCommune.join(' '),
    codePostal: l.code_postal,
    codeInsee: l.code_insee,
    lat: aCoordonnees ? l.latitude! : NaN,
    lon: aCoordonnees ? l.longitude! : NaN,
    aCoordonnees,
    pivot: clePivot(l.pivot),
    telephone: cleTelephone(l.telephone),
    courriels: [...new Set((l.courriels ?? []).map((c) => c.trim().toLowerCase()))],
    domaines: [...domaines],
    typologie: l.typologie ?? [],
    source: l.source_cle,
  };
}

/** Metres between two points (equirectangular: exact enough below a few km, which is all we compare). */
export function distanceMetres(a: Traits, b: Traits): number {
  const phi = ((a.lat + b.lat) / 2) * (Math.PI / 180);
  const dx = (b.lon - a.lon) * Math.cos(phi) * 111_320;
  const dy = (b.lat - a.lat) * 110_574;
  return Math.sqrt(dx * dx + dy * dy);
}
