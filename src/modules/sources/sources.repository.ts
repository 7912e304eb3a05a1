import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { generationPubliee } from '../lieux/lieux.publies.ts';
import { CHAMPS } from '../lieux/standard/index.ts';
import type { LieuFusionne } from './dedupe/fusion.ts';
import type { DecisionManuelle, LieuSource, Signal } from './dedupe/types.ts';

export type Executeur = Kysely<Database> | Transaction<Database>;

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
  await supprimerGenerations(db, 'en_cours');
}

/**
 * Rows of a generation deleted table by table, children first (members and pairs have no foreign key to their
 * cluster: its per-row cascade cost ≈ 0.3 s per 8,000 clusters, migration 202611240705).
 */
async function supprimerGenerations(db: Executeur, statut: 'en_cours' | 'remplace'): Promise<void> {
  const generations = (await db.selectFrom('dedoublonnages').select('generation').where('statut', '=', statut).execute()).map((g) => g.generation);
  if (generations.length === 0) return;
  for (const table of ['cluster_paires', 'cluster_membres', 'clusters'] as const) await db.deleteFrom(table).where('generation', 'in', generations).execute();
  await db.deleteFrom('dedoublonnages').where('generation', 'in', generations).execute();
}

export async function nouvelleGeneration(db: Executeur, empreinte: string): Promise<number> {
  const r = await db.insertInto('dedoublonnages').values({ empreinte }).returning('generation').executeTakeFirstOrThrow();
  return r.generation;
}

/** The active generation and the fingerprint of the rules it was computed with. */
export async function generationPrecedente(db: Executeur): Promise<{ generation: number; empreinte: string | null } | null> {
  const r = await db.selectFrom('registre_actif as r')
    .innerJoin('dedoublonnages as d', 'd.generation', 'r.generation')
    .select(['d.generation', 'd.empreinte'])
    .executeTakeFirst();
  return r ?? null;
}

/** What the dedupe reads of a record when only its traits are needed (calculerTraits). */
const COLONNES_TRAITS = ['uid', 'source_cle', 'nom', 'adresse', 'commune', 'code_postal', 'code_insee', 'latitude', 'longitude', 'pivot', 'telephone', 'courriels', 'site_web', 'typologie', 'date_maj'] as const;
/** What the merge needs: the standard's fields (not Maillage's own columns, nor what the source had outside it). */
const COLONNES_FUSION = ['uid', 'source_cle', ...CHAMPS] as const;
const PAGE = 10_000;

export interface RegistreCharge {
  /** The standard fields of each record (`complet`) or only what the traits need; in uid order. */
  lieux: LieuSource[];
  /** Each record's `modifie_le` as text (exact to the microsecond, which a Date is not). */
  modifies: string[];
  /** Each record's group in the previous generation (null: new since, or no previous generation). */
  groupes: (string | null)[];
  /** 1 when the record is unchanged since the previous generation merged it. */
  inchanges: Uint8Array;
}

/**
 * The register as the dedupe reads it, with what the previous generation knew of each record: one join on the
 * server instead of a second pass in Node. Pages by uid (the primary key), so the order is the same every run.
 */
export async function chargerRegistre(db: Executeur, precedente: number | null, complet: boolean): Promise<RegistreCharge> {
  const colonnes = sql.join((complet ? COLONNES_FUSION : COLONNES_TRAITS).map((c) => sql.ref(`l.${c}`)));
  const jointure = precedente === null ? sql`` : sql`LEFT JOIN cluster_membres m ON m.generation = ${precedente} AND m.uid = l.uid`;
  const connu = precedente === null
    ? sql`NULL::text AS groupe_precedent, false AS inchange`
    : sql`m.cluster_id AS groupe_precedent, (m.modifie_le IS NOT DISTINCT FROM l.modifie_le) AS inchange`;
  const r: RegistreCharge = { lieux: [], modifies: [], groupes: [], inchanges: new Uint8Array(0) };
  const inchanges: number[] = [];
  // Whole records go by pages. With the previous generation joined, one query: per page, the server hashed the
  // whole generation's members again (100,000 records: 1.21–1.29 s of reading, 0.77–0.82 s in one query); only the
  // traits' columns travel then, and every row is kept anyway.
  const taille = precedente === null ? PAGE : Number.MAX_SAFE_INTEGER;
  let apres = '';
  for (;;) {
    const page = await sql<LieuSource & { modifie_txt: string; groupe_precedent: string | null; inchange: boolean }>`
      SELECT ${colonnes}, l.modifie_le::text AS modifie_txt, ${connu}
      FROM lieux l ${jointure}
      WHERE l.uid > ${apres} ORDER BY l.uid ${precedente === null ? sql`LIMIT ${PAGE}` : sql``}`.execute(db);
    for (const l of page.rows) {
      r.modifies.push(l.modifie_txt);
      r.groupes.push(l.groupe_precedent);
      inchanges.push(l.inchange ? 1 : 0);
      r.lieux.push(l);
    }
    if (page.rows.length < taille) break;
    apres = page.rows[page.rows.length - 1]!.uid;
  }
  r.inchanges = Uint8Array.from(inchanges);
  return r;
}

/** Members of the previous generation whose record is gone from the register (deleted since). */
export async function membresDisparus(db: Executeur, precedente: number): Promise<{ uid: string; cluster_id: string }[]> {
  return db.selectFrom('cluster_membres as m').select(['m.uid', 'm.cluster_id'])
    .where('m.generation', '=', precedente)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('lieux as l').select(sql`1`.as('x')).whereRef('l.uid', '=', 'm.uid'))))
    .execute();
}

/** Whole records by uid (the members of the groups to merge again, after a load of traits only). */
export async function fichesParUid(db: Executeur, uids: readonly string[]): Promise<LieuSource[]> {
  const fiches: LieuSource[] = [];
  for (let i = 0; i < uids.length; i += PAGE) {
    const lignes = await db.selectFrom('lieux').select(COLONNES_FUSION).where('uid', '=', sql<string>`ANY(${sql.val(uids.slice(i, i + PAGE))}::text[])`).execute();
    for (const l of lignes) fiches.push(l as unknown as LieuSource);
  }
  return fiches;
}

export interface ClusterAEcrire {
  fusionne: LieuFusionne;
  /** `modifie_le` (text) of each member, in the order of fusionne.membres. */
  modifies: readonly string[];
  /** Pairs with member uids (not indexes). */
  paires: readonly { uidA: string; uidB: string; score: number; signaux: Signal[] }[];
}

/**
 * Writes clusters of an unfinished generation (readers do not see it until the switch): three statements per
 * batch whatever its size. Clusters and pairs travel as one JSON array parsed by the server
 * (jsonb_to_recordset), members as three text arrays (unnest): one parameter per column instead of one per cell,
 * no statement to parse per 500 rows, no per-element escaping of the JSON in Node.
 */
export async function ecrireClusters(db: Executeur, generation: number, lot: readonly ClusterAEcrire[]): Promise<void> {
  if (lot.length === 0) return;
  const clusters = JSON.stringify(lot.map((c) => ({ id: c.fusionne.id, taille: c.fusionne.membres.length, lieu: c.fusionne.lieu, provenance: c.fusionne.provenance })));
  await sql`INSERT INTO clusters (generation, id, taille, lieu, provenance)
    SELECT ${generation}, x.id, x.taille, x.lieu, x.provenance
    FROM jsonb_to_recordset(${clusters}::jsonb) AS x(id text, taille int, lieu jsonb, provenance jsonb)`.execute(db);
  const uids: string[] = [];
  const ids: string[] = [];
  const modifies: string[] = [];
  const paires: { c: string; a: string; b: string; s: number; x: Signal[] }[] = [];
  for (const c of lot) {
    c.fusionne.membres.forEach((uid, k) => {
      uids.push(uid);
      ids.push(c.fusionne.id);
      modifies.push(c.modifies[k]!);
    });
    for (const p of c.paires) paires.push({ c: c.fusionne.id, a: p.uidA, b: p.uidB, s: p.score, x: p.signaux });
  }
  await sql`INSERT INTO cluster_membres (generation, uid, cluster_id, modifie_le)
    SELECT ${generation}, u.uid, u.cluster_id, u.modifie_le::timestamptz
    FROM unnest(${sql.val(uids)}::text[], ${sql.val(ids)}::text[], ${sql.val(modifies)}::text[]) AS u(uid, cluster_id, modifie_le)`.execute(db);
  if (paires.length === 0) return;
  await sql`INSERT INTO cluster_paires (generation, cluster_id, uid_a, uid_b, score, signaux)
    SELECT ${generation}, x.c, x.a, x.b, x.s, x.x
    FROM jsonb_to_recordset(${JSON.stringify(paires)}::jsonb) AS x(c text, a text, b text, s float8, x jsonb)`.execute(db);
}

/**
 * Carries the clusters that did not change over from the previous generation, on the server (INSERT … SELECT:
 * nothing travels through Node): every cluster of `precedente` except those of `exclus` (recomputed, or gone).
 * Four statements at once on the pool's connections (members and pairs have no foreign key to wait for; the
 * clusters, most of the bytes, in two halves): the server copies on both cores while Node waits.
 */
export async function reprendreClusters(db: Executeur, generation: number, precedente: number, exclus: readonly string[]): Promise<void> {
  const hors = (colonne: string) => sql`NOT EXISTS (SELECT 1 FROM unnest(${sql.val(exclus)}::text[]) AS e(id) WHERE e.id = ${sql.ref(colonne)})`;
  // modifie_le too (last merge of the cluster, a manager's edit included): a carried cluster did not change.
  const clusters = (moitie: number) => sql`INSERT INTO clusters (generation, id, taille, lieu, provenance, modifie_le)
    SELECT ${generation}, c.id, c.taille, c.lieu, c.provenance, c.modifie_le FROM clusters c
    WHERE c.generation = ${precedente} AND (hashtext(c.id) & 1) = ${moitie} AND ${hors('c.id')}`.execute(db);
  // All settled before a failure is reported: no statement may still be writing when the caller gives up.
  const fin = await Promise.allSettled([
    clusters(0),
    clusters(1),
    sql`INSERT INTO cluster_membres (generation, uid, cluster_id, modifie_le)
      SELECT ${generation}, m.uid, m.cluster_id, m.modifie_le FROM cluster_membres m
      WHERE m.generation = ${precedente} AND ${hors('m.cluster_id')}`.execute(db),
    sql`INSERT INTO cluster_paires (generation, cluster_id, uid_a, uid_b, score, signaux)
      SELECT ${generation}, p.cluster_id, p.uid_a, p.uid_b, p.score, p.signaux FROM cluster_paires p
      WHERE p.generation = ${precedente} AND ${hors('p.cluster_id')}`.execute(db),
  ]);
  for (const r of fin) if (r.status === 'rejected') throw r.reason;
}

/** The database's clock, ten minutes back: a margin for edits whose transaction started before a run read them. */
export async function instantAvantLecture(db: Executeur): Promise<Date> {
  const r = await sql<{ t: Date }>`SELECT now() - interval '10 minutes' AS t`.execute(db);
  return new Date(r.rows[0]!.t);
}

/**
 * One member uid per merged cluster of `generation` whose record changed since it was merged (edited while the
 * run was computing). Only records modified since `depuis` are looked at: an index range, not the register.
 */
export async function membresModifiesDepuisLecture(db: Executeur, generation: number, depuis: Date): Promise<string[]> {
  const r = await sql<{ uid: string }>`SELECT DISTINCT ON (m.cluster_id) m.uid
    FROM lieux l
    JOIN cluster_membres m ON m.generation = ${generation} AND m.uid = l.uid
    JOIN clusters c ON c.generation = m.generation AND c.id = m.cluster_id AND c.taille > 1
    WHERE l.modifie_le >= ${depuis} AND l.modifie_le IS DISTINCT FROM m.modifie_le
    ORDER BY m.cluster_id, m.uid`.execute(db);
  return r.rows.map((x) => x.uid);
}

/**
 * The all-or-nothing switch: in one transaction, the new generation becomes the active one and the previous one
 * is marked replaced. Until this commits, readers see the previous merged register, whole.
 */
export async function basculer(trx: Transaction<Database>, generation: number, compte: { lieux: number; clusters: number; paires: number }): Promise<void> {
  await trx.updateTable('dedoublonnages').set({ statut: 'remplace' }).where('statut', '=', 'actif').execute();
  await trx.updateTable('dedoublonnages').set({ statut: 'actif', termine_le: new Date(), ...compte }).where('generation', '=', generation).execute();
  await trx.updateTable('registre_actif').set({ generation }).where('singleton', '=', true).execute();
  // Merged places this generation merged anew are modified now, when they show (not when their row was written,
  // before the switch: a re-user syncing in between would miss them); carried-over clusters keep their date.
  await trx.updateTable('clusters').set({ modifie_le: sql<Date>`now()` })
    .where('generation', '=', generation).where('taille', '>', 1)
    .where('modifie_le', '>=', (eb) => eb.selectFrom('dedoublonnages').select('demarre_le').where('generation', '=', generation))
    .execute();
  // Delivered at commit only: search indexes then show each merged place once, from the new generation.
  await sql`SELECT pg_notify('lieux_modifies', 'fusion')`.execute(trx);
}

export async function supprimerRemplacees(db: Executeur): Promise<void> {
  await supprimerGenerations(db, 'remplace');
}

/** A cluster of the active generation, by its id or by the uid of one of its members. */
export async function clusterActif(db: Executeur, idOuUid: string) {
  const generation = await generationPubliee(db);
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

/** Source key → its name in the registry of sources. */
export async function nomsSources(db: Executeur, cles: readonly string[]): Promise<Map<string, string>> {
  if (!cles.length) return new Map();
  const lignes = await db.selectFrom('sources').select(['cle', 'nom']).where('cle', 'in', cles).execute();
  return new Map(lignes.map((l) => [l.cle, l.nom]));
}
