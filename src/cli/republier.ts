import type { Deps } from '../deps.ts';
import { generationPubliee } from '../modules/lieux/lieux.publies.ts';

/**
 * After a CLI import that wrote something (a dry run or a refused file: nothing to do): when a merged register
 * is published, bring it up to date at once (incremental dedupe: only the records that changed and what they
 * touch), so the directory never shows a re-imported place twice until someone remembers `maillage dedupe`.
 * Without a published register: nothing (the first `maillage dedupe` decides). Returns the line to print, or null.
 */
export async function republierApresImport(
  deps: Pick<Deps, 'database' | 'sources'>,
  source: string,
  bilan: { ecrit: boolean; simulation: boolean; crees: number; misAJour: number },
): Promise<string | null> {
  if (!bilan.ecrit || bilan.simulation || bilan.crees + bilan.misAJour === 0) return null;
  if ((await generationPubliee(deps.database.db)) === null) return null;
  // Only what changed since the last run (this import's records and anything else changed meanwhile).
  const b = await deps.sources.dedoublonner({ incremental: true });
  // One published place per group of the new generation: no count over the view (a scan of the whole register).
  return `Registre publié mis à jour (dédoublonnage incrémental après l’import de « ${source} », ${(b.dureeMs / 1000).toFixed(1)} s) : ${b.clusters} lieux publiés.`;
}
