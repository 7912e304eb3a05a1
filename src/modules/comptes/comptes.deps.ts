import type { Config } from '../../config.ts';
import type { DatabaseHandle } from '../../db/connect.ts';
import { createComptesService, type ComptesService } from './comptes.service.ts';
import { courrierOutbox, courrierSmtp, type Courrier } from './courriel.ts';
import { createStructuresService, type StructuresService } from './structures.service.ts';

export interface Comptes {
  readonly courrier: Courrier;
  readonly comptes: ComptesService;
  readonly structures: StructuresService;
}

/** The accounts module's services, built by createDeps (one line there). */
export function creerComptes(config: Config, database: DatabaseHandle, closers: Array<() => Promise<void> | void>): Comptes {
  const courrier = config.SMTP_URL ? courrierSmtp(config.SMTP_URL, config.MAIL_FROM) : courrierOutbox(database.db);
  closers.push(() => courrier.close());
  const comptes = createComptesService({ db: database.db, courrier, publicUrl: config.publicUrl });
  const structures = createStructuresService({ db: database.db, comptes });
  return { courrier, comptes, structures };
}
