import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { uidLieu } from '../lieux.ts';
import type { LieuStandard } from '../standard/index.ts';

type Executeur = Kysely<Database> | Transaction<Database>;

export async function enregistrerSourceDemo(db: Executeur, source: { cle: string; nom: string }): Promise<void> {
  await db
    .insertInto('sources')
    .values({ cle: source.cle, nom: source.nom, producteur: 'Maillage (générateur de démonstration)', format: 'demo', licence: 'etalab-2.0', demo: true, dernier_import: new Date() })
    .onConflict((oc) => oc.column('cle').doUpdateSet({ nom: source.nom, demo: true, dernier_import: new Date() }))
    .execute();
}

/** Removes every record and import of a demo source (refuses a source not flagged demo: real data stays). */
export async function supprimerLieuxDemo(db: Executeur, cle: string): Promise<number> {
  const r = await sql<{ n: number }>`
    WITH supprimes AS (
      DELETE FROM lieux WHERE source_cle = ${cle} AND source_cle IN (SELECT cle FROM sources WHERE demo) RETURNING 1
    ) SELECT count(*)::int AS n FROM supprimes`.execute(db);
  await sql`DELETE FROM imports WHERE source_cle = ${cle} AND source_cle IN (SELECT cle FROM sources WHERE demo)`.execute(db);
  return r.rows[0]?.n ?? 0;
}

const TEXTES = ['id', 'pivot', 'nom', 'commune', 'code_postal', 'code_insee', 'adresse', 'complement_adresse', 'telephone', 'horaires', 'presentation_resume', 'presentation_detail', 'source', 'structure_parente', 'date_maj', 'fiche_acces_libre', 'prise_rdv'] as const;
const NOMBRES = ['latitude', 'longitude'] as const;
const LISTES = ['typologie', 'courriels', 'site_web', 'itinerance', 'services', 'publics_specifiquement_adresses', 'prise_en_charge_specifique', 'frais_a_charge', 'dispositif_programmes_nationaux', 'formations_labels', 'autres_formations_labels', 'modalites_acces', 'modalites_accompagnement'] as const;

/** Joins a list for transport; the demo's values never contain a pipe (they are the standard's own values). */
const SEPARATEUR = '|';

/**
 * Inserts a batch with ONE statement and one parameter per column: `INSERT … SELECT FROM unnest($1::text[], …)`.
 * A multi-row VALUES would need 35 parameters per row (65,535 max per statement) and a much longer parse; with
 * unnest the statement is the same whatever the batch size. List columns travel as `|`-joined text because
 * unnest cannot return a text[] per row from a 2-D array.
 */
export async function insererLieuxDemo(db: Executeur, sourceCle: string, importId: number, lieux: readonly LieuStandard[]): Promise<void> {
  if (lieux.length === 0) return;
  const colonnes = [...TEXTES, ...NOMBRES, ...LISTES];
  const tableaux = [
    lieux.map((l) => uidLieu(sourceCle, l.id)),
    ...TEXTES.map((c) => lieux.map((l) => l[c])),
    ...NOMBRES.map((c) => lieux.map((l) => l[c])),
    ...LISTES.map((c) => lieux.map((l) => (l[c] ? l[c].join(SEPARATEUR) : null))),
  ];
  const types = ['text', ...TEXTES.map(() => 'text'), ...NOMBRES.map(() => 'float8'), ...LISTES.map(() => 'text')];
  const parametres = sql.join(tableaux.map((t, i) => sql`${sql.val(t)}::${sql.raw(types[i]!)}[]`));
  const alias = sql.join(['uid', ...colonnes].map((c) => sql.ref(c)));
  const selection = sql.join([
    sql.ref('u.uid'),
    ...TEXTES.map((c) => (c === 'date_maj' ? sql`${sql.ref(`u.${c}`)}::date` : sql.ref(`u.${c}`))),
    ...NOMBRES.map((c) => sql.ref(`u.${c}`)),
    ...LISTES.map((c) => sql`string_to_array(${sql.ref(`u.${c}`)}, ${SEPARATEUR})`),
  ]);
  await sql`
    INSERT INTO lieux (uid, ${sql.join(colonnes.map((c) => sql.ref(c)))}, source_cle, import_id, fichier, demo)
    SELECT ${selection}, ${sourceCle}, ${importId}::int, 'demo', true
    FROM unnest(${parametres}) AS u(${alias})`.execute(db);
}
