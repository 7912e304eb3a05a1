import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { LieuFusionne } from './dedupe/fusion.ts';
import type { DecisionManuelle, Paire, Signal } from './dedupe/types.ts';

export type Executeur = Kysely<Database> | Transaction<Database>;

const LOT = 500;

export async function decisions(db: Executeur): Promise<DecisionManuelle[]> {
  const lignes = await db.selectFrom('decisions_manuelles').select(['uid_a', 'uid_b', 'verdict']).execute();
  return lignes.map((l) => ({ uidA: l.uid_a, uidB: l.uid_b, verdict: l.verdict }));
}

export async function enregistrerDecision(db: Executeur, d: DecisionManuelle, auteur: string | null): Promise<void> {
  const [uid_a, uid_b] = d.uidA < d.uidB ? [d.uidA, d.uidB] : [d.uidB, d.uidA];
  await db.insertInto('decisions_manuelles')
    .values({ uid_a, uid_b, verdict: d.verdict, auteur })
    .onConflict((oc) => oc.columns(['uid_a', 'uid_b']).doUpdateSet({ verdict: d.verdict, auteur, decide_le: sql`now()` }))
    .execute();
}

/** Removes generations a crash left unfinished (never the active one). */
export async function nettoyerInacheves(db: Executeur): Promise<void> {
  await db.deleteFrom('dedoublonnages').where('statut', '=', 'en_cours').execute();
}

export async function nouvelleGeneration(db: Executeur): Promise<number> {
  const r = await db.insertInto('dedoublonnages').defaultValues().returning('generation').executeTakeFirstOrThrow();
  return r.generation;
}

export interface LotGeneration {
  fusionnes: readonly LieuFusionne[];
  /** Pairs with member uids (not indexes), by cluster id. */
  paires: readonly { cluster: string; uidA: string; uidB: string; paire: Paire & { signaux: Signal[] } }[];
}

/** Writes one batch of clusters of an unfinished generation (readers do not see it until the switch). */
export async function ecrireLot(db: Executeur, generation: number, lot: LotGeneration): Promise<void> {
  for (let i = 0; i < lot.fusionnes.length; i += LOT) {
    const tranche = lot.fusionnes.slice(i, i + LOT);
    await db.insertInto('clusters').values(tranche.map((f) => ({
      generation, id: f.id, taille: f.membres.length, lieu: JSON.stringify(f.lieu), provenance: JSON.stringify(f.provenance),
    }))).execute();
    await db.insertInto('cluster_membres').values(tranche.flatMap((f) => f.membres.map((uid) => ({ generation, uid, cluster_id: f.id })))).execute();
  }
  for (let i = 0; i < lot.paires.length; i += LOT) {
    await db.insertInto('cluster_paires').values(lot.paires.slice(i, i + LOT).map((p) => ({
      generation, cluster_id: p.cluster, uid_a: p.uidA, uid_b: p.uidB, score: p.paire.score, signaux: JSON.stringify(p.paire.signaux),
    }))).execute();
  }
}

/**
 * The all-or-nothing switch: in one transaction, the new generation becomes the active one and the previous one
 * is marked replaced. Until this commits, readers see the previous merged register, whole.
 */
export async function basculer(trx: Transaction<Database>, generation: number, compte: { lieux: number; clusters: number; paires: number }): Promise<void> {
  await trx.updateTable('dedoublonnages').set({ statut: 'remplace' }).where('statut', '=', 'actif').execute();
  await trx.updateTable('dedoublonnages').set({ statut: 'actif', termine_le: new Date(), ...compte }).where('generation', '=', generation).execute();
  await trx.updateTable('registre_actif').set({ generation }).where('singleton', '=', true).execute();
  // Delivered at commit only: search indexes then show each merged place once, from the new generation.
  await sql`SELECT pg_notify('lieux_modifies', 'fusion')`.execute(trx);
}

export async function supprimerRemplacees(db: Executeur): Promise<void> {
  await db.deleteFrom('dedoublonnages').where('statut', '=', 'remplace').execute();
}

export async function generationActive(db: Executeur): Promise<number | null> {
  const r = await db.selectFrom('registre_actif').select('generation').executeTakeFirst();
  return r?.generation ?? null;
}

/** A cluster of the active generation, by its id or by the uid of one of its members. */
export async function clusterActif(db: Executeur, idOuUid: string) {
  const generation = await generationActive(db);
  if (generation === null) return undefined;
  const parMembre = await db.selectFrom('cluster_membres').select('cluster_id').where('generation', '=', generation).where('uid', '=', idOuUid).executeTakeFirst();
  const id = parMembre?.cluster_id ?? idOuUid;
  const cluster = await db.selectFrom('clusters').selectAll().where('generation', '=', generation).where('id', '=', id).executeTakeFirst();
  if (!cluster) return undefined;
  const membres = await db.selectFrom('cluster_membres')
    .innerJoin('lieux', 'lieux.uid', 'cluster_membres.uid')
    .select(['lieux.uid', 'lieux.source_cle', 'lieux.id', 'lieux.nom', 'lieux.adresse', 'lieux.commune', 'lieux.date_maj'])
    .where('cluster_membres.generation', '=', generation).where('cluster_membres.cluster_id', '=', id)
    .orderBy('lieux.uid').execute();
  const paires = await db.selectFrom('cluster_paires').select(['uid_a', 'uid_b', 'score', 'signaux'])
    .where('generation', '=', generation).where('cluster_id', '=', id).orderBy('score', 'desc').execute();
  return { generation, cluster, membres, paires };
}

export async function compterClusters(db: Executeur, generation: number): Promise<number> {
  const r = await db.selectFrom('clusters').select((eb) => eb.fn.countAll<string>().as('n')).where('generation', '=', generation).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The registry of sources: a raw source's declared name, producer, licence and format (row created by the import). */
export async function decrireSource(db: Executeur, s: { cle: string; nom: string; producteur: string; licence: string; format: string }): Promise<void> {
  await db.updateTable('sources').set({ nom: s.nom, producteur: s.producteur, licence: s.licence, format: s.format }).where('cle', '=', s.cle).execute();
}

/** Each source with its counts in the register. */
export async function listerSources(db: Executeur) {
  return db.selectFrom('sources')
    .leftJoin('lieux', 'lieux.source_cle', 'sources.cle')
    .select(['sources.cle', 'sources.nom', 'sources.producteur', 'sources.format', 'sources.licence', 'sources.dernier_import'])
    .select((eb) => eb.fn.count<string>('lieux.uid').as('lieux'))
    .groupBy(['sources.cle', 'sources.nom', 'sources.producteur', 'sources.format', 'sources.licence', 'sources.dernier_import'])
    .orderBy('sources.cle')
    .execute();
}

/** uid → group id in the active generation (empty when nothing was published yet). */
export async function membresActifs(db: Executeur): Promise<Map<string, string>> {
  const generation = await generationActive(db);
  if (generation === null) return new Map();
  const lignes = await db.selectFrom('cluster_membres').select(['uid', 'cluster_id']).where('generation', '=', generation).execute();
  return new Map(lignes.map((l) => [l.uid, l.cluster_id]));
}

/** Source key → its name in the registry of sources. */
export async function nomsSources(db: Executeur, cles: readonly string[]): Promise<Map<string, string>> {
  if (!cles.length) return new Map();
  const lignes = await db.selectFrom('sources').select(['cle', 'nom']).where('cle', 'in', cles).execute();
  return new Map(lignes.map((l) => [l.cle, l.nom]));
}
