import type { ComptesTables } from '../modules/comptes/comptes.tables.ts';
import type { LieuxTables } from '../modules/lieux/lieux.tables.ts';
import type { SignalementsTables } from '../modules/signalements/signalements.tables.ts';
import type { SourcesTables } from '../modules/sources/sources.tables.ts';
import type { TerritoiresTables } from '../modules/territoires/territoires.tables.ts';

/**
 * The database as Kysely sees it: each module declares its tables in <module>.tables.ts, merged here.
 */
export interface Database extends TerritoiresTables, LieuxTables, SignalementsTables, ComptesTables, SourcesTables {}
