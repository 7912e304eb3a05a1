/**
 * The database as Kysely sees it: one interface per module, merged here.
 * Each module declares its own tables in <module>.tables.ts.
 */
// Modules add their table interfaces to this list as they arrive.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database {}
