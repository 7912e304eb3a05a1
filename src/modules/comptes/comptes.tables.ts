import type { ColumnType, Generated } from 'kysely';

type Horodatage = ColumnType<Date, Date | string | undefined, Date | string>;
type HorodatageNul = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<unknown, string | null | undefined, never>;

export interface UtilisateursTable {
  id: Generated<number>;
  email: string;
  hash: string | null;
  verifie_le: HorodatageNul;
  echecs: Generated<number>;
  bloque_jusqua: HorodatageNul;
  cree_le: Horodatage;
}

export interface SessionsTable {
  id: string;
  utilisateur_id: number;
  cree_le: Horodatage;
  expire_le: Horodatage;
  derniere_activite: Horodatage;
}

export interface JetonsTable {
  hash: string;
  utilisateur_id: number;
  type: 'verification' | 'reinitialisation';
  expire_le: Horodatage;
  utilise_le: HorodatageNul;
  cree_le: Horodatage;
}

export interface StructuresTable {
  id: Generated<number>;
  siret: string | null;
  rna: string | null;
  nom: string;
  cree_le: Horodatage;
}

export interface MembresTable {
  utilisateur_id: number;
  structure_id: number;
  role: string;
  cree_le: Horodatage;
}

export interface RolesTerritoriauxTable {
  id: Generated<number>;
  utilisateur_id: number;
  role: string;
  departement: string | null;
  region: string | null;
  cree_le: Horodatage;
}

/** Updates are impossible (trigger), hence `never` as the update type of every column. */
export interface JournalAuditTable {
  id: ColumnType<number, never, never>;
  quand: ColumnType<Date, undefined, never>;
  acteur_id: ColumnType<number | null, number | null, never>;
  action: ColumnType<string, string, never>;
  objet_type: ColumnType<string, string, never>;
  objet_id: ColumnType<string | null, string | null, never>;
  avant: Json;
  apres: Json;
}

export interface CourrielsSortantsTable {
  id: Generated<number>;
  destinataire: string;
  sujet: string;
  texte: string;
  cree_le: Horodatage;
}

export interface GestionsLieuxTable {
  id: Generated<number>;
  lieu_uid: string;
  structure_id: number;
  statut: 'demandee' | 'accordee' | 'refusee';
  demandeur_id: number | null;
  decideur_id: number | null;
  motif: string | null;
  cree_le: Horodatage;
  decide_le: HorodatageNul;
}

export interface LieuxVersionsTable {
  id: ColumnType<number, never, never>;
  lieu_uid: string;
  auteur_id: number | null;
  quand: ColumnType<Date, undefined, never>;
  action: 'modifier' | 'confirmer' | 'fermer';
  avant: ColumnType<unknown, string, never>;
  apres: ColumnType<unknown, string, never>;
}

export interface SignalementsSuiviTable {
  signalement_id: number;
  decision: 'resolu' | 'rejete';
  motif: string | null;
  traite_par: number | null;
  traite_le: Horodatage;
  auteur_informe: Generated<boolean>;
}

export interface IdentitesOidcTable {
  emetteur: string;
  sujet: string;
  utilisateur_id: number;
  cree_le: Horodatage;
}

export interface OidcEtatsTable {
  hash: string;
  verificateur: string;
  nonce: string;
  expire_le: Horodatage;
}

export interface SignalementsNotificationsTable {
  signalement_id: number;
  etape: 'gestionnaires' | 'coordinateurs';
  destinataires: number;
  envoye_le: Horodatage;
}

export interface ComptesTables {
  signalements_notifications: SignalementsNotificationsTable;
  identites_oidc: IdentitesOidcTable;
  oidc_etats: OidcEtatsTable;
  signalements_suivi: SignalementsSuiviTable;
  gestions_lieux: GestionsLieuxTable;
  lieux_versions: LieuxVersionsTable;
  courriels_sortants: CourrielsSortantsTable;
  utilisateurs: UtilisateursTable;
  sessions: SessionsTable;
  jetons: JetonsTable;
  structures: StructuresTable;
  membres: MembresTable;
  roles_territoriaux: RolesTerritoriauxTable;
  journal_audit: JournalAuditTable;
}
