export interface RegionsTable {
  code: string;
  nom: string;
}
export interface DepartementsTable {
  code: string;
  nom: string;
  region: string;
}
export interface EpciTable {
  code: string;
  nom: string;
  type: string;
}
export interface CommunesTable {
  code_insee: string;
  nom: string;
  type: string;
  departement: string;
  region: string;
  epci: string | null;
  commune_parente: string | null;
  codes_postaux: string[];
  latitude: number | null;
  longitude: number | null;
  population: number | null;
}
export interface TerritoiresTables {
  regions: RegionsTable;
  departements: DepartementsTable;
  epci: EpciTable;
  communes: CommunesTable;
}
