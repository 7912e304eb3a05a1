import type { Deps } from './deps.ts';
import { syncTerritoires } from './modules/territoires/territoires.service.ts';
import { chargerDemoAuPremierDemarrage } from './modules/lieux/demo/demo.service.ts';

/**
 * What a fresh embedded database needs before serving: reference territories and, in demo mode, the demo
 * register, merged. Idempotent: does nothing once done.
 */
export async function prepareFirstStart(deps: Deps, options: { tailleDemo?: number } = {}): Promise<void> {
  await syncTerritoires(deps.database.db, deps.territoires);
  // Demo register (fictitious, labelled) + the real files of data/lieux-reels, only into an empty register.
  const charge = await chargerDemoAuPremierDemarrage(deps, deps.config.MAILLAGE_DEMO, options.tailleDemo);
  if (!charge) return;
  // The real files publish some places several times (the Charente file gathers five producers): the directory
  // shows the merged register from the first start, as it will after each `npx maillage dedupe`.
  const b = await deps.sources.dedoublonner();
  deps.logger.info({ fiches: b.lieux, lieux: b.clusters, fusionnes: b.multiples, dureeMs: Math.round(b.dureeMs) }, 'registre de démonstration dédoublonné');
}
