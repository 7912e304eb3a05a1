import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Engine = 'pglite' | 'postgres';

export interface DatabaseHandle {
  readonly db: Db;
  readonly engine: Engine;
  /** Subscribe to a NOTIFY channel (on Postgres, across every process sharing the database). */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /**
   * PostgreSQL only: `fn` has one pooled connection to itself, as a Kysely (its transactions run on that
   * connection) and as the pg client underneath, for what Kysely cannot send (COPY … FROM STDIN, the import).
   */
  connexionDediee?: <T>(fn: (db: Db, client: pg.ClientBase) => Promise<T>) => Promise<T>;
  /** PGlite only: the data directory as a tarball. */
  dump?: () => Promise<Blob>;
}

export interface ConnectOptions {
  /** postgres://… ; absent means embedded PGlite. */
  url?: string | undefined;
  /** PGlite directory; 'memory' for a throw-away database (tests). */
  dataDir?: string | undefined;
  /** Pool size on PostgreSQL. */
  poolSize?: number;
  /** PGlite only: start from a dumped data directory instead of running initdb (tests use a migrated template). */
  loadDataDir?: Blob | undefined;
}

// Same JS shapes on both engines: dates stay 'YYYY-MM-DD' strings (no time-zone shift), bigint counts are numbers.
const OID_INT8 = 20;
const OID_DATE = 1082;
const asString = (v: string) => v;
const asNumber = (v: string) => Number(v);

export async function connectDatabase(options: ConnectOptions): Promise<DatabaseHandle> {
  return options.url ? connectPostgres(options.url, options.poolSize ?? 10) : connectPglite(options.dataDir ?? 'memory', options.loadDataDir);
}

async function connectPostgres(url: string, poolSize: number): Promise<DatabaseHandle> {
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (oid === OID_INT8) return asNumber;
      if (oid === OID_DATE) return asString;
      return pg.types.getTypeParser(oid, format as 'text');
    }) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types });
  // An idle connection the server closed (restart, failover, admin): the pool drops it and opens another at the
  // next query. Without a listener, node-postgres' 'error' event would end the whole process.
  pool.on('error', () => undefined);
  // Fail at start, not at the first request, when the server is unreachable.
  const probe = await pool.connect();
  probe.release();
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    async listen(channel, onPayload) {
      let fini = false;
      let client: pg.Client | undefined;
      const reprendre = (attente: number): void => {
        setTimeout(() => {
          if (fini) return;
          abonner().then(() => onPayload(''), () => reprendre(Math.min(attente * 2, 30_000)));
        }, attente).unref();
      };
      const abonner = async () => {
        const c = new pg.Client({ connectionString: url });
        let perdue = false;
        // A lost connection (server restart, admin command) is replaced once, and the listener told when it is
        // back: notifications sent in between are lost, so it must read what changed meanwhile. node-postgres
        // reports one loss twice (the server's message, then the closed socket).
        c.on('error', () => {
          if (perdue) return;
          perdue = true;
          // Only the live subscription reconnects (a connection that failed to open is retried by its caller).
          if (!fini && c === client) reprendre(500);
        });
        c.on('notification', (n) => {
          if (n.channel === channel) onPayload(n.payload ?? '');
        });
        try {
          await c.connect();
          await c.query(`LISTEN ${quoteIdent(channel)}`);
        } catch (err) {
          await c.end().catch(() => undefined);
          throw err;
        }
        // Unsubscribed while this connection was opening: close it rather than leave it listening.
        if (fini) await c.end();
        else client = c;
      };
      await abonner();
      return async () => {
        fini = true;
        await client?.end();
      };
    },
    async connexionDediee(fn) {
      const client = await pool.connect();
      // pg-pool stops listening to a client's errors while it is lent: a connection the server closes while this
      // work holds it (idle between two queries) must fail the work, not raise an uncaught 'error' event.
      const ignorer = () => undefined;
      client.on('error', ignorer);
      // Kysely gives its connection back after each query or transaction: this view of the client must not.
      const vue = { query: client.query.bind(client), release: () => undefined, processID: (client as unknown as { processID?: number }).processID };
      const dedie = new Kysely<Database>({ dialect: new PostgresDialect({ pool: { connect: async () => vue, end: async () => undefined } as unknown as pg.Pool }) });
      let echec: unknown;
      try {
        return await fn(dedie, client);
      } catch (err) {
        echec = err;
        throw err;
      } finally {
        await dedie.destroy();
        client.off('error', ignorer);
        // After a failure the connection's state is unknown (e.g. an interrupted COPY): closed, not reused.
        client.release(echec === undefined ? undefined : echec instanceof Error ? echec : true);
      }
    },
    async close() {
      await db.destroy();
    },
  };
}

async function connectPglite(dataDir: string, loadDataDir?: Blob): Promise<DatabaseHandle> {
  const options = {
    parsers: { [OID_INT8]: asNumber, [OID_DATE]: asString },
    relaxedDurability: dataDir === 'memory',
    ...(loadDataDir ? { loadDataDir } : {}),
  };
  // PGlite 0.5 ignores loadDataDir when the first argument is `undefined`: pass the options alone for memory.
  const pglite = dataDir === 'memory' ? new PGlite(options) : new PGlite(dataDir, options);
  await pglite.waitReady;
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    engine: 'pglite',
    // relaxedDurability leaves recent writes outside the data files: without a CHECKPOINT the dump can miss them.
    dump: async () => {
      await pglite.exec('CHECKPOINT');
      return pglite.dumpDataDir('none');
    },
    async listen(channel, onPayload) {
      const unsubscribe = await pglite.listen(channel, onPayload);
      return unsubscribe;
    },
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
