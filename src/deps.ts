import type { Config } from './config.ts';
import type { DatabaseHandle } from './db/connect.ts';
import type { Logger } from './logger.ts';
import { creerComptes, type Comptes } from './modules/comptes/comptes.deps.ts';
import { createSignalementsService, type SignalementsService } from './modules/signalements/signalements.service.ts';
import { createTerritoiresService } from './modules/territoires/territoires.service.ts';
import type { TerritoiresService } from './modules/territoires/territoires.ts';
import { createLieuxService, type LieuxService } from './modules/lieux/lieux.service.ts';
import { creerRechercheService, type RechercheService } from './modules/recherche/recherche.service.ts';
import { refusionnerGroupe } from './modules/sources/refusion.ts';
import { createSourcesService, type SourcesService } from './modules/sources/sources.service.ts';

/**
 * Everything the app and the CLI need, built once from config + database + logger.
 * Modules add their service here; nothing is created at import time.
 */
export interface Deps {
  readonly config: Config;
  readonly logger: Logger;
  readonly database: DatabaseHandle;
  /** Called on shutdown, in reverse order of registration. */
  readonly onClose: (fn: () => Promise<void> | void) => void;
  /** Visitors' error reports about places (stored for the places' managers). */
  readonly signalements: SignalementsService;
  /** Communes, EPCI, départements, régions of the current COG, in memory (read-only). */
  readonly territoires: TerritoiresService;
  /** Accounts, sessions, structures, roles, audit log, account e-mails. */
  readonly comptes: Comptes;
  /** The register of places: import, read one, export all. */
  readonly lieux: LieuxService;
  /** In-process search index over the register (built at first use, refreshed on NOTIFY lieux_modifies). */
  readonly recherche: RechercheService;
  /** Meta-search: dedupe of all sources, merged register with per-field provenance, manual decisions. */
  readonly sources: SourcesService;
}

export async function createDeps(config: Config, logger: Logger, database: DatabaseHandle): Promise<Deps & { close(): Promise<void> }> {
  const closers: Array<() => Promise<void> | void> = [];
  const territoires = createTerritoiresService();
  const recherche = creerRechercheService({ database, territoires, logger, banUrl: config.BAN_URL });
  closers.push(() => recherche.arreter());
  const lieux = createLieuxService({ database, territoires, logger });
  const comptes = creerComptes(config, database, closers, {
    territoires,
    lieux: { obtenir: (uid) => lieux.obtenir(uid) },
    // A manager's edit of one record of a merged place shows at once on the published place.
    apresEcritureLieu: (trx, uid) => refusionnerGroupe(trx, uid),
  });
  // The public provenance of a place shows its managers' edits, without personal data.
  const sources = createSourcesService({ database, lieux, logger, historique: (uid) => comptes.gestion.historiquePublic(uid) });
  const signalements = createSignalementsService(database.db);
  const deps: Deps = { config, logger, database, onClose: (fn) => closers.push(fn), comptes, signalements, territoires, lieux, recherche, sources };
  return {
    ...deps,
    async close() {
      for (const fn of closers.reverse()) await fn();
    },
  };
}
