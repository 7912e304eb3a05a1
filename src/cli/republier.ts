import type { Deps } from '../deps.ts';

/**
 * After a CLI import that wrote something: when a merged register is published, bring it up to date for this
 * source at once (incremental dedupe: only its records and what they touch), so the directory never shows a
 * re-imported place twice until someone remembers `maillage dedupe`. Without a published register: nothing
 * (the first `maillage dedupe` decides). Returns the line to print, or null.
 */
export async function republierApresImport(deps: Pick<Deps, 'database' | 'sources'>, source: string, ecrit: { crees: number; misAJour: number }): Promise<string | null> {
  if (ecrit.crees + ecrit.misAJour === 0) return null;
  const actif = await deps.database.db.selectFrom('registre_actif').select('generation').executeTakeFirst();
  if (actif?.generation == null) return null;
  const b = await deps.sources.dedoublonner({ sources: [source] });
  const publies = await deps.database.db.selectFrom('lieux_publies').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return `Registre publié mis à jour (dédoublonnage de la source « ${source} », ${(b.dureeMs / 1000).toFixed(1)} s) : ${Number(publies.n)} lieux publiés.`;
}
