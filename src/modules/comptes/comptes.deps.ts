import type { Config } from '../../config.ts';
import type { DatabaseHandle } from '../../db/connect.ts';
import { createComptesService, type ComptesService } from './comptes.service.ts';
import { courrierOutbox, courrierSmtp, type Courrier } from './courriel.ts';
import type { LieuEnregistre } from '../lieux/lieux.ts';
import type { TerritoiresService } from '../territoires/territoires.ts';
import { createGestionService, type GestionService } from './gestion.service.ts';
import { createOidcService, type OidcService } from './oidc.service.ts';
import { createNotificationSignalements, type NotificationSignalements } from './signalements.notification.ts';
import { createTraitementSignalements, type TraitementSignalements } from './signalements.traitement.ts';
import { createStructuresService, type StructuresService } from './structures.service.ts';

export interface Comptes {
  readonly courrier: Courrier;
  readonly comptes: ComptesService;
  readonly structures: StructuresService;
  /** Taking charge of places, editing them (versions), pending requests. */
  readonly gestion: GestionService;
  /** Visitors' reports routed to managers, escalated to coordinators, resolved or rejected. */
  readonly signalements: TraitementSignalements;
  /** E-mails of the report routing (`maillage signalements notifier`). */
  readonly notification: NotificationSignalements;
  /** OpenID Connect (ProConnect) when OIDC_ISSUER is set, else null. */
  readonly oidc: OidcService | null;
}

/** The accounts module's services, built by createDeps (one line there). */
export function creerComptes(
  config: Config,
  database: DatabaseHandle,
  closers: Array<() => Promise<void> | void>,
  autres: {
    lieux: { obtenir(uid: string): Promise<LieuEnregistre | undefined> };
    territoires: TerritoiresService;
    /** After a manager's edit, in its transaction (the meta-search re-merges the place's cluster). */
    apresEcritureLieu?: Parameters<typeof createGestionService>[0]['apresEcriture'];
  },
): Comptes {
  const courrier = config.SMTP_URL ? courrierSmtp(config.SMTP_URL, config.MAIL_FROM) : courrierOutbox(database.db);
  closers.push(() => courrier.close());
  const comptes = createComptesService({ db: database.db, courrier, publicUrl: config.publicUrl });
  const structures = createStructuresService({ db: database.db, comptes });
  const gestion = createGestionService({ db: database.db, lieux: autres.lieux, territoires: autres.territoires, apresEcriture: autres.apresEcritureLieu });
  const signalements = createTraitementSignalements({ db: database.db, courrier, territoires: autres.territoires });
  const oidc = config.OIDC_ISSUER
    ? createOidcService({ db: database.db, comptes, config: { emetteur: config.OIDC_ISSUER, clientId: config.OIDC_CLIENT_ID!, secret: config.OIDC_CLIENT_SECRET!, scopes: config.OIDC_SCOPES, retour: `${config.publicUrl}/connexion/oidc/retour` } })
    : null;
  const notification = createNotificationSignalements({ db: database.db, courrier, territoires: autres.territoires, publicUrl: config.publicUrl });
  return { courrier, comptes, structures, gestion, signalements, notification, oidc };
}
