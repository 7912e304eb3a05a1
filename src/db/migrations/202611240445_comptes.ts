import { sql, type Kysely } from 'kysely';

/**
 * Accounts, sessions, one-time tokens, structures, memberships, territorial roles and the audit log.
 * Secrets (session ids, e-mail tokens) are stored only as sha256 hashes: a leaked table opens no session.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('utilisateurs')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    // Lower-cased by the service; the check makes a second spelling of one address impossible.
    .addColumn('email', 'text', (c) => c.notNull().unique().check(sql`email = lower(email) and char_length(email) between 3 and 254`))
    // Null until a password is chosen (first admin created from the CLI, OIDC-only accounts).
    .addColumn('hash', 'text')
    .addColumn('verifie_le', 'timestamptz')
    .addColumn('echecs', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bloque_jusqua', 'timestamptz')
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey()) // sha256(token), hex
    .addColumn('utilisateur_id', 'integer', (c) => c.notNull().references('utilisateurs.id').onDelete('cascade'))
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expire_le', 'timestamptz', (c) => c.notNull())
    .addColumn('derniere_activite', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('sessions_utilisateur_idx').on('sessions').column('utilisateur_id').execute();

  await db.schema
    .createTable('jetons')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('utilisateur_id', 'integer', (c) => c.notNull().references('utilisateurs.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('verification', 'reinitialisation')`))
    .addColumn('expire_le', 'timestamptz', (c) => c.notNull())
    .addColumn('utilise_le', 'timestamptz')
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('jetons_utilisateur_idx').on('jetons').columns(['utilisateur_id', 'type']).execute();

  await db.schema
    .createTable('structures')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('siret', 'text', (c) => c.unique().check(sql`siret ~ '^[0-9]{14}$'`))
    .addColumn('rna', 'text', (c) => c.unique().check(sql`rna ~ '^W[0-9A-Z]{9}$'`))
    .addColumn('nom', 'text', (c) => c.notNull().check(sql`char_length(nom) between 1 and 300`))
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('structures_identifiant', sql`siret is not null or rna is not null`)
    .execute();

  await db.schema
    .createTable('membres')
    .addColumn('utilisateur_id', 'integer', (c) => c.notNull().references('utilisateurs.id').onDelete('cascade'))
    .addColumn('structure_id', 'integer', (c) => c.notNull().references('structures.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('mediateur', 'responsable', 'prescripteur', 'financeur')`))
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('membres_pk', ['utilisateur_id', 'structure_id', 'role'])
    .execute();
  await db.schema.createIndex('membres_structure_idx').on('membres').column('structure_id').execute();

  // Roles not tied to a structure: a coordinator for one département or one région, or a national admin.
  await db.schema
    .createTable('roles_territoriaux')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('utilisateur_id', 'integer', (c) => c.notNull().references('utilisateurs.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('coordinateur', 'administrateur_national')`))
    .addColumn('departement', 'text', (c) => c.check(sql`departement ~ '^(2A|2B|[0-9]{2,3})$'`))
    .addColumn('region', 'text', (c) => c.check(sql`region ~ '^[0-9]{2}$'`))
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'roles_territoriaux_portee',
      sql`(role = 'administrateur_national' and departement is null and region is null)
       or (role = 'coordinateur' and (departement is null) <> (region is null))`,
    )
    .execute();
  await sql`create unique index roles_territoriaux_unique on roles_territoriaux (utilisateur_id, role, coalesce(departement, ''), coalesce(region, ''))`.execute(db);

  // Append-only. No foreign key on the actor: the trail must outlive a deleted account (it then keeps only a number).
  await db.schema
    .createTable('journal_audit')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('quand', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('acteur_id', 'integer')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('objet_type', 'text', (c) => c.notNull())
    .addColumn('objet_id', 'text')
    .addColumn('avant', 'jsonb')
    .addColumn('apres', 'jsonb')
    .execute();
  await db.schema.createIndex('journal_audit_objet_idx').on('journal_audit').columns(['objet_type', 'objet_id', 'id']).execute();
  // REVOKE does nothing against the table's owner, which is what the application connects as: a trigger does.
  await sql`create function journal_audit_immuable() returns trigger language plpgsql as $$
    begin
      raise exception 'journal_audit est en ajout seul (% refusé)', tg_op using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`create trigger journal_audit_pas_de_modification before update or delete on journal_audit
    for each row execute function journal_audit_immuable()`.execute(db);
  await sql`create trigger journal_audit_pas_de_vidage before truncate on journal_audit
    for each statement execute function journal_audit_immuable()`.execute(db);
  await outbox(db);
}

// Development outbox: without SMTP_URL, messages land here and show at /dev/outbox (never in production).
async function outbox(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('courriels_sortants')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('destinataire', 'text', (c) => c.notNull())
    .addColumn('sujet', 'text', (c) => c.notNull())
    .addColumn('texte', 'text', (c) => c.notNull())
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('courriels_sortants').execute();
  await db.schema.dropTable('journal_audit').execute();
  await sql`drop function journal_audit_immuable()`.execute(db);
  for (const t of ['roles_territoriaux', 'membres', 'structures', 'jetons', 'sessions', 'utilisateurs']) await db.schema.dropTable(t).execute();
}
