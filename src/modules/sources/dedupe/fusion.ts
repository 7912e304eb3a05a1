/**
 * One record per group, chosen field by field, each field remembering where it came from.
 *
 * Rules (docs/dedoublonnage.md, « Fusion »), for each field, among the members that have a value:
 * 1. the source priority for that field, when one is configured (e.g. the SIRET from the national register of
 *    France Services before a hub's copy);
 * 2. then the newest date_maj;
 * 3. then the most complete record (number of fields filled);
 * 4. then the smallest uid (determinism).
 * List fields (services, publics, courriels…) are united, in that order of members, without repeats.
 * The merged place keeps the group id as its id, and the newest date_maj of its members.
 */
import { CHAMPS, CHAMPS_LISTE, type Champ, type LieuStandard } from '../../lieux/standard/index.ts';
import type { LieuSource } from './types.ts';

export interface Origine {
  uid: string;
  source: string;
  date_maj: string;
}

export interface LieuFusionne {
  id: string;
  lieu: LieuStandard;
  /** For each field that has a value: the member(s) it came from (several for a united list). */
  provenance: Partial<Record<Champ, Origine[]>>;
  membres: string[];
}

/** Per field, the sources to prefer, best first; a source not listed comes after every listed one. */
export type PrioritesSources = Partial<Record<Champ, readonly string[]>>;

const EST_LISTE = new Set<Champ>(CHAMPS_LISTE);

/** No value; the all-zero pivot that files use for "unknown SIRET" counts as none. */
function vide(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)
    || (typeof v === 'string' && v.charCodeAt(0) === 48 && /^0+$/.test(v));
}

function completude(l: LieuSource): number {
  let n = 0;
  for (const c of CHAMPS) if (!vide(l[c])) n++;
  return n;
}

export function fusionner(id: string, membres: readonly LieuSource[], priorites: PrioritesSources = {}): LieuFusionne {
  const completudes = new Map(membres.map((m) => [m.uid, completude(m)]));
  const parDefaut = [...membres].sort((a, b) =>
    (a.date_maj < b.date_maj ? 1 : a.date_maj > b.date_maj ? -1 : 0)
    || completudes.get(b.uid)! - completudes.get(a.uid)!
    || (a.uid < b.uid ? -1 : 1));
  const origine = (m: LieuSource): Origine => ({ uid: m.uid, source: m.source_cle, date_maj: m.date_maj });
  // Only the standard's fields: a record loaded from the register also carries Maillage's own columns.
  const lieu = {} as LieuStandard;
  const provenance: Partial<Record<Champ, Origine[]>> = {};
  for (const champ of CHAMPS) {
    const ordre = priorites[champ];
    const rang = (m: LieuSource) => {
      const k = ordre ? ordre.indexOf(m.source_cle) : -1;
      return k < 0 ? Number.MAX_SAFE_INTEGER : k;
    };
    const candidats = parDefaut.filter((m) => !vide(m[champ]));
    if (ordre) candidats.sort((a, b) => rang(a) - rang(b)); // stable: keeps date/completeness order within a rank
    if (candidats.length === 0) {
      (lieu as unknown as Record<string, unknown>)[champ] = null;
      continue;
    }
    if (EST_LISTE.has(champ)) {
      const valeurs: string[] = [];
      const sources: Origine[] = [];
      for (const m of candidats) {
        let apporte = false;
        for (const v of m[champ] as string[]) {
          if (!valeurs.includes(v)) {
            valeurs.push(v);
            apporte = true;
          }
        }
        if (apporte) sources.push(origine(m));
      }
      (lieu as unknown as Record<string, unknown>)[champ] = valeurs;
      provenance[champ] = sources;
    } else {
      const choisi = candidats[0]!;
      (lieu as unknown as Record<string, unknown>)[champ] = choisi[champ];
      provenance[champ] = [origine(choisi)];
    }
  }
  lieu.id = id;
  lieu.date_maj = parDefaut[0]!.date_maj;
  return { id, lieu, provenance, membres: membres.map((m) => m.uid) };
}
