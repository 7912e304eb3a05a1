import { sql, type Kysely } from 'kysely';

/**
 * Deletions from the register leave no row behind for a "modified since" watermark to find: a statement-level
 * trigger counts DELETE statements on `lieux`, and each search index compares its places with the published ones
 * when the count moved (deleting a merged place's representative also brings its other records back unchanged).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE lieux_suppressions (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    compteur bigint NOT NULL DEFAULT 0
  )`.execute(db);
  await sql`INSERT INTO lieux_suppressions (singleton, compteur) VALUES (true, 0)`.execute(db);
  await sql`CREATE FUNCTION lieux_compter_suppressions() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE lieux_suppressions SET compteur = compteur + 1;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER lieux_suppressions AFTER DELETE ON lieux FOR EACH STATEMENT EXECUTE FUNCTION lieux_compter_suppressions()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS lieux_suppressions ON lieux`.execute(db);
  await sql`DROP FUNCTION IF EXISTS lieux_compter_suppressions()`.execute(db);
  await sql`DROP TABLE IF EXISTS lieux_suppressions`.execute(db);
}
