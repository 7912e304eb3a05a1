import type { Deps } from './deps.ts';
import { syncTerritoires } from './modules/territoires/territoires.service.ts';
import { chargerDemoAuPremierDemarrage } from './modules/lieux/demo/demo.service.ts';

/**
 * What a fresh embedded database needs before serving: reference territories and, in demo mode, the demo
 * register. Idempotent: does nothing once done.
 */
export async function prepareFirstStart(deps: Deps): Promise<void> {
  await syncTerritoires(deps.database.db, deps.territoires);
  // Demo register (fictitious, labelled) + the real files of data/lieux-reels, only into an empty register.
  await chargerDemoAuPremierDemarrage(deps, deps.config.MAILLAGE_DEMO);
}
