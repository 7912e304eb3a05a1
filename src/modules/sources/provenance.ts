/**
 * The provenance of one place, as published (GET /api/v1/lieux/{id}/provenance and the place page): the merged
 * cluster it belongs to, each field's source and date, the sources with the date of their record, and the
 * managers' versions of its records. A place in no published cluster is its own single source.
 */
import type { Executeur } from './sources.repository.ts';
import * as repo from './sources.repository.ts';
import { fusionner, type Origine } from './dedupe/fusion.ts';
import type { LieuSource } from './dedupe/types.ts';

/** A manager's change as the accounts module publishes it (no personal data). */
export interface VersionProvenance {
  lieu: string;
  date: string;
  action: string;
  auteur: string;
  champs: string[];
  avant: Record<string, unknown>;
  apres: Record<string, unknown>;
}

export interface SourceDuLieu {
  /** The record's uid in the register. */
  uid: string;
  cle: string;
  /** The source's name in the registry of sources (its key when it has none). */
  nom: string;
  /** Date of the record's data (its date_maj). */
  date_maj: string;
}

export interface ProvenanceLieu {
  /** Cluster id, or the place's uid when it is in no published cluster. */
  id: string;
  generation: number | null;
  lieu: Record<string, unknown>;
  /** For each field that has a value: the record(s) it came from. */
  provenance: Record<string, Origine[]>;
  sources: SourceDuLieu[];
  fiches_d_origine: { uid: string; source: string; id: string; nom: string; adresse: string; commune: string; date_maj: string }[];
  paires: { uid_a: string; uid_b: string; score: number; signaux: unknown[] }[];
  /** Newest first, over every record of the cluster. */
  versions: VersionProvenance[];
}

export async function provenanceDuLieu(
  db: Executeur,
  idOuUid: string,
  o: { obtenir(uid: string): Promise<LieuSource | undefined>; historique?: ((uid: string) => Promise<VersionProvenance[]>) | undefined },
): Promise<ProvenanceLieu | undefined> {
  const trouve = await repo.clusterActif(db, idOuUid);
  let base: Omit<ProvenanceLieu, 'sources' | 'versions'>;
  if (trouve) {
    const { cluster, membres, paires, generation } = trouve;
    base = {
      id: cluster.id, generation, lieu: cluster.lieu, provenance: cluster.provenance,
      fiches_d_origine: membres.map((m) => ({ uid: m.uid, source: m.source_cle, id: m.id, nom: m.nom, adresse: m.adresse, commune: m.commune, date_maj: m.date_maj })),
      paires: paires.map((p) => ({ uid_a: p.uid_a, uid_b: p.uid_b, score: p.score, signaux: p.signaux })),
    };
  } else {
    // Not merged (yet): the same rules over one record give each field its own source and date.
    const l = await o.obtenir(idOuUid);
    if (!l) return undefined;
    const f = fusionner(l.uid, [l]);
    base = {
      id: l.uid, generation: null, lieu: f.lieu as unknown as Record<string, unknown>, provenance: f.provenance as Record<string, Origine[]>,
      fiches_d_origine: [{ uid: l.uid, source: l.source_cle, id: l.id, nom: l.nom, adresse: l.adresse, commune: l.commune, date_maj: l.date_maj }],
      paires: [],
    };
  }
  const noms = await repo.nomsSources(db, [...new Set(base.fiches_d_origine.map((f) => f.source))]);
  const sources = base.fiches_d_origine
    .map((f) => ({ uid: f.uid, cle: f.source, nom: noms.get(f.source) || f.source, date_maj: f.date_maj }))
    .sort((a, b) => (a.date_maj < b.date_maj ? 1 : a.date_maj > b.date_maj ? -1 : a.uid < b.uid ? -1 : 1));
  const versions: VersionProvenance[] = [];
  if (o.historique) for (const f of base.fiches_d_origine) versions.push(...(await o.historique(f.uid)));
  versions.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  return { ...base, sources, versions };
}
