import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface DedoublonnagesTable {
  generation: Generated<number>;
  statut: ColumnType<'en_cours' | 'actif' | 'remplace', 'en_cours' | 'actif' | 'remplace' | undefined, 'en_cours' | 'actif' | 'remplace'>;
  demarre_le: Timestamp;
  termine_le: Date | null;
  lieux: Generated<number>;
  clusters: Generated<number>;
  paires: Generated<number>;
  /** Fingerprint of the rules (algorithm version, source priorities): clusters are carried over only under equal ones. */
  empreinte: string | null;
}

export interface RegistreActifTable {
  singleton: Generated<boolean>;
  generation: number | null;
}

export interface ClustersTable {
  generation: number;
  id: string;
  taille: number;
  lieu: JSONColumnType<Record<string, unknown>, string, string>;
  provenance: JSONColumnType<Record<string, { uid: string; source: string; date_maj: string }[]>, string, string>;
  /** Written, or re-merged after a manager's edit of one member (migration 202611240700). */
  modifie_le: Generated<Date>;
}

export interface ClusterMembresTable {
  generation: number;
  uid: string;
  cluster_id: string;
  /** The record's `modifie_le` when it was merged: a different one in `lieux` means the record changed since. */
  modifie_le: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ClusterPairesTable {
  generation: number;
  cluster_id: string;
  uid_a: string;
  uid_b: string;
  score: number;
  signaux: JSONColumnType<{ signal: string; points: number; detail: string }[], string, string>;
}

export interface DecisionsManuellesTable {
  uid_a: string;
  uid_b: string;
  verdict: 'meme' | 'different';
  auteur: string | null;
  decide_le: Timestamp;
}

export interface SourcesTables {
  dedoublonnages: DedoublonnagesTable;
  registre_actif: RegistreActifTable;
  clusters: ClustersTable;
  cluster_membres: ClusterMembresTable;
  cluster_paires: ClusterPairesTable;
  decisions_manuelles: DecisionsManuellesTable;
}
