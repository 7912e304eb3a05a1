import { fraicheur, type Fraicheur, type LieuEnregistre } from './lieux.ts';
import { CHAMPS, CHAMPS_LISTE, type Champ, type LieuStandard } from './standard/index.ts';

/**
 * One place in each published form. Shared by the file export, the HTTP export and the search API, so a
 * place reads the same everywhere. Values keep the standard's forms: lists joined with `|`, coordinates as
 * plain decimals, dates 'YYYY-MM-DD'.
 */

const LISTES = new Set<Champ>(CHAMPS_LISTE);

/** A stored place, or any object with the 32 standard fields (a freshly validated LieuStandard). */
export type LieuSerialisable = LieuStandard & Partial<Pick<LieuEnregistre, 'uid' | 'source_cle' | 'fichier' | 'importe_le' | 'modifie_le' | 'coordonnees_approchees' | 'code_insee_deduit'>> & {
  /** From the published register: number of source records merged into this place. */
  fusion_taille?: number;
};

/** A number as the standard writes it: plain decimal, never `1e-7`. */
function nombre(n: number): string {
  const s = String(n);
  return /e/i.test(s) ? n.toFixed(10).replace(/\.?0+$/, '') : s;
}

/** The standard's text form of one field (null when absent). */
export function valeurTexte(lieu: LieuStandard, champ: Champ): string | null {
  const v = lieu[champ];
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.length ? v.join('|') : null;
  if (typeof v === 'number') return nombre(v);
  return String(v);
}

function celluleCsv(v: string | null): string {
  return v === null ? '' : `"${v.replaceAll('"', '""')}"`;
}

/** The header line of the standard CSV: the 32 names in the standard's order, as the official example writes them. */
export function enteteCsv(): string {
  return `${CHAMPS.map((c) => `"${c}"`).join(',')}\n`;
}

/** One CSV line ('\n'-terminated). `id` overrides the record's id (see exporterLieux: ids made unique). */
export function versLigneCsv(lieu: LieuStandard, id: string = lieu.id): string {
  return `${CHAMPS.map((c) => celluleCsv(c === 'id' ? id : valeurTexte(lieu, c))).join(',')}\n`;
}

export interface MetadonneesMaillage {
  uid: string;
  source: string;
  fichier: string | null;
  importe_le: string | null;
  modifie_le: string | null;
  date_maj: string;
  fraicheur: Fraicheur;
  coordonnees_approchees: boolean;
  code_insee_deduit: boolean;
  /** Source records merged into this place (1: none); where each field came from: /api/v1/lieux/{uid}/provenance. */
  fiches_fusionnees: number;
}

function iso(d: Date | string | null | undefined): string | null {
  if (d === null || d === undefined) return null;
  return d instanceof Date ? d.toISOString() : new Date(d).toISOString();
}

export function metadonnees(lieu: LieuSerialisable, maintenant: Date = new Date()): MetadonneesMaillage {
  return {
    uid: lieu.uid ?? '',
    source: lieu.source_cle ?? '',
    fichier: lieu.fichier ?? null,
    importe_le: iso(lieu.importe_le),
    modifie_le: iso(lieu.modifie_le),
    date_maj: lieu.date_maj,
    fraicheur: fraicheur(lieu.date_maj, maintenant),
    coordonnees_approchees: lieu.coordonnees_approchees ?? false,
    code_insee_deduit: lieu.code_insee_deduit ?? false,
    fiches_fusionnees: lieu.fusion_taille ?? 1,
  };
}

/** The 32 fields in order, standard forms, null when absent (every key present, so consumers see the schema). */
export function champsStandard(lieu: LieuStandard, id: string = lieu.id): Record<Champ, string | number | null> {
  const sortie = {} as Record<Champ, string | number | null>;
  for (const c of CHAMPS) {
    const v = lieu[c];
    if (c === 'id') sortie.id = id;
    else if (typeof v === 'number') sortie[c] = v;
    else sortie[c] = LISTES.has(c) || Array.isArray(v) ? valeurTexte(lieu, c) : ((v as string | null) ?? null);
  }
  return sortie;
}

/** Standard fields at top level (re-importable as is), Maillage's metadata under `maillage`. */
export function versJsonStandard(lieu: LieuSerialisable, options: { id?: string; maintenant?: Date } = {}) {
  return { ...champsStandard(lieu, options.id), maillage: metadonnees(lieu, options.maintenant) };
}

/**
 * A GeoJSON Feature (RFC 7946: [longitude, latitude]). A place without coordinates keeps `geometry: null`
 * (an "unlocated feature" in the RFC) rather than vanishing from the export.
 */
export function versGeoJsonFeature(lieu: LieuSerialisable, options: { id?: string; maintenant?: Date } = {}) {
  const point = lieu.latitude !== null && lieu.longitude !== null ? { type: 'Point' as const, coordinates: [lieu.longitude, lieu.latitude] } : null;
  return { type: 'Feature' as const, id: lieu.uid ?? options.id ?? lieu.id, geometry: point, properties: versJsonStandard(lieu, options) };
}
