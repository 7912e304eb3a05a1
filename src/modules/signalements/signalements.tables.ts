import type { ColumnType, Generated } from 'kysely';

export interface SignalementsTable {
  id: Generated<number>;
  uid: string;
  type: string;
  message: string;
  contact: string | null;
  cree_le: ColumnType<Date, Date | string | undefined, Date | string>;
  statut: Generated<string>;
}

export interface SignalementsTables {
  signalements: SignalementsTable;
}
