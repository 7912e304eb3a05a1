import { sql, type Kysely } from 'kysely';

/**
 * OpenID Connect (ProConnect): the link between a provider's subject and an account, and the short-lived state
 * of a sign-in in progress (PKCE verifier and nonce, found by the sha256 of the `state`, used once).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('identites_oidc')
    .addColumn('emetteur', 'text', (c) => c.notNull())
    .addColumn('sujet', 'text', (c) => c.notNull())
    .addColumn('utilisateur_id', 'integer', (c) => c.notNull().references('utilisateurs.id').onDelete('cascade'))
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('identites_oidc_pk', ['emetteur', 'sujet'])
    .execute();
  await db.schema
    .createTable('oidc_etats')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('verificateur', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('expire_le', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('oidc_etats').execute();
  await db.schema.dropTable('identites_oidc').execute();
}
