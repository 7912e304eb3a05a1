import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface SourcesTable {
  cle: string;
  nom: string;
  producteur: string | null;
  format: string | null;
  licence: string | null;
  demo: Generated<boolean>;
  cree_le: Timestamp;
  dernier_import: Date | null;
}

export interface ImportsTable {
  id: Generated<number>;
  source_cle: string;
  fichier: string;
  format: string;
  demarre_le: Timestamp;
  termine_le: Date | null;
  lus: Generated<number>;
  crees: Generated<number>;
  mis_a_jour: Generated<number>;
  rejetes: Generated<number>;
}

/** The 32 standard fields as stored (lists as arrays), then Maillage's own columns. */
export interface LieuxTable {
  uid: string;
  source_cle: string;
  id: string;
  pivot: string;
  nom: string;
  commune: string;
  code_postal: string;
  code_insee: string | null;
  adresse: string;
  complement_adresse: string | null;
  latitude: number | null;
  longitude: number | null;
  typologie: string[] | null;
  telephone: string | null;
  courriels: string[] | null;
  site_web: string[] | null;
  horaires: string | null;
  presentation_resume: string | null;
  presentation_detail: string | null;
  source: string | null;
  itinerance: string[] | null;
  structure_parente: string | null;
  date_maj: string;
  services: string[] | null;
  publics_specifiquement_adresses: string[] | null;
  prise_en_charge_specifique: string[] | null;
  frais_a_charge: string[] | null;
  dispositif_programmes_nationaux: string[] | null;
  formations_labels: string[] | null;
  autres_formations_labels: string[] | null;
  modalites_acces: string[] | null;
  modalites_accompagnement: string[] | null;
  fiche_acces_libre: string | null;
  prise_rdv: string | null;
  coordonnees_approchees: Generated<boolean>;
  code_insee_deduit: Generated<boolean>;
  fichier: string | null;
  import_id: number | null;
  importe_le: Timestamp;
  cree_le: Timestamp;
  modifie_le: Timestamp;
  hors_standard: JSONColumnType<Record<string, unknown>, string, string>;
  demo: Generated<boolean>;
}

export interface LieuxTables {
  sources: SourcesTable;
  imports: ImportsTable;
  lieux: LieuxTable;
}
