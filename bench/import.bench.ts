// `npm run bench:import [-- --rows N]`: the import of a standard CSV (default 100,000 rows, from the demo
// generator) with full validation, against a plain COPY of the same file into an all-text table, on the same
// PostgreSQL server in the same run; then the same import into PGlite. Target: import ≥ 0.3 × COPY rows/s.
//
// PostgreSQL: BENCH_DATABASE_URL, else DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test. A fresh
// database is created for the run and dropped after. The COPY is server-side (`COPY … FROM '<file>'`): no extra
// dependency, and the strictest baseline there is (no client, no network), so the ratio can only be understated.
// It needs a server that can read this machine's /tmp and a superuser (or pg_read_server_files) role.
//
// Each phase runs in its own child process so that its peak memory (maxRSS, sampled heapUsed) is its own.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connectDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { genererLieuxDemo } from '../src/modules/lieux/demo/demo.generateur.ts';
import { communesPourDemo } from '../src/modules/lieux/demo/demo.service.ts';
import { importerFichier } from '../src/modules/lieux/import/importer.ts';
import { enteteCsv, versLigneCsv } from '../src/modules/lieux/lieux.serialisation.ts';
import { CHAMPS } from '../src/modules/lieux/standard/index.ts';
import { createTerritoiresService } from '../src/modules/territoires/territoires.service.ts';
import { basePostgresJetable } from '../test/helpers/db.ts';

const ici = fileURLToPath(import.meta.url);
const CIBLE = 0.3;

interface Mesure {
  phase: string;
  lignes: number;
  ms: number;
  maxRssMo: number;
  picTasMo: number;
  /** CPU of this process, then of the local PostgreSQL server's processes (null: not on this machine), per row. */
  cpuClientUs: number;
  cpuServeurUs: number | null;
}

/**
 * CPU time (ms) of every `postgres` process of this machine, from /proc: on two shared cores the import's wall
 * time moves with the neighbours, its CPU per row on each side much less. Null when no such process is visible
 * (a remote server). Counts the server's background processes too, so it can only overstate the server's share.
 */
function cpuPostgres(): number | null {
  let ticks = 0;
  let vus = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    if (!stat.includes('(postgres)')) continue;
    const champs = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(champs[11]) + Number(champs[12]);
    vus++;
  }
  // Linux's USER_HZ is 100 on every architecture Node supports.
  return vus ? ticks * 10 : null;
}

/** Peak heapUsed, sampled every 20 ms (the import awaits the database often enough for the timer to fire). */
function suivreTas(): () => number {
  let pic = process.memoryUsage().heapUsed;
  const t = setInterval(() => {
    pic = Math.max(pic, process.memoryUsage().heapUsed);
  }, 20);
  return () => {
    clearInterval(t);
    return Math.max(pic, process.memoryUsage().heapUsed) / 2 ** 20;
  };
}

/** Runs `preparer` untimed (connection, migrations, territories), then times `fn` alone. */
async function mesurer<C>(phase: string, preparer: () => Promise<C>, fn: (c: C) => Promise<number>, fermer: (c: C) => Promise<void>): Promise<Mesure> {
  const contexte = await preparer();
  try {
    const finTas = suivreTas();
    const cpu0 = process.cpuUsage();
    const serveur0 = cpuPostgres();
    const debut = performance.now();
    const lignes = await fn(contexte);
    const ms = performance.now() - debut;
    const cpu = process.cpuUsage(cpu0);
    const serveur1 = cpuPostgres();
    return {
      phase, lignes, ms, maxRssMo: process.resourceUsage().maxRSS / 1024, picTasMo: finTas(),
      cpuClientUs: (cpu.user + cpu.system) / lignes,
      cpuServeurUs: serveur0 === null || serveur1 === null ? null : ((serveur1 - serveur0) * 1000) / lignes,
    };
  } finally {
    await fermer(contexte);
  }
}

async function mesurerImport(phase: string, connexion: { url?: string; dataDir?: string }, fichier: string, attendu: number, reimport = false): Promise<Mesure> {
  return mesurer(
    phase,
    async () => {
      const database = await connectDatabase(connexion);
      await migrateToLatest(database.db);
      return { database, territoires: createTerritoiresService() };
    },
    async (ctx) => {
      const bilan = await importerFichier(ctx, fichier, { source: 'bench', fichierRejets: false });
      const ecrits = reimport ? bilan.inchanges : bilan.crees;
      if (!bilan.ecrit || ecrits !== attendu || bilan.rejetes !== 0) {
        throw new Error(`import incomplet : ${bilan.crees} créés, ${bilan.inchanges} inchangés, ${bilan.rejetes} rejetés sur ${bilan.lus} (${bilan.issues[0]?.message ?? ''})`);
      }
      return ecrits;
    },
    (ctx) => ctx.database.close(),
  );
}

async function mesurerCopy(url: string, fichier: string): Promise<Mesure> {
  return mesurer(
    'COPY brut → PostgreSQL (table sans contrainte)',
    async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`CREATE TABLE copie_brute (${CHAMPS.map((c) => `"${c}" text`).join(', ')})`);
      return client;
    },
    async (client) => (await client.query(`COPY copie_brute FROM '${fichier.replaceAll("'", "''")}' WITH (FORMAT csv, HEADER true)`)).rowCount ?? 0,
    (client) => client.end(),
  );
}

/** Child process: run one phase, print its measure as one JSON line. */
async function phase(args: string[]): Promise<void> {
  const [nom, fichier, cible, attendu] = args as [string, string, string, string];
  const n = Number(attendu);
  let mesure: Mesure;
  if (nom === 'postgres-import') mesure = await mesurerImport('Import validé → PostgreSQL', { url: cible }, fichier, n);
  else if (nom === 'postgres-reimport') mesure = await mesurerImport('Réimport du même fichier → PostgreSQL (upsert)', { url: cible }, fichier, n, true);
  else if (nom === 'postgres-copy') mesure = await mesurerCopy(cible, fichier);
  // PGlite runs in this process: its CPU is the client's.
  else mesure = { ...(await mesurerImport('Import validé → PGlite', { dataDir: cible }, fichier, n)), cpuServeurUs: null };
  process.stdout.write(`${JSON.stringify(mesure)}\n`);
}

async function ecrireCsv(fichier: string, lignes: number): Promise<void> {
  const communes = communesPourDemo(createTerritoiresService());
  const sortie = createWriteStream(fichier);
  sortie.write(enteteCsv());
  let tampon = '';
  for (const lieu of genererLieuxDemo({ taille: lignes, graine: 2026 }, communes)) {
    tampon += versLigneCsv(lieu);
    if (tampon.length > 1 << 20) {
      if (!sortie.write(tampon)) await once(sortie, 'drain');
      tampon = '';
    }
  }
  sortie.end(tampon);
  await once(sortie, 'finish');
}

function lancer(nom: string, fichier: string, cible: string, lignes: number): Mesure {
  const r = spawnSync(process.execPath, [ici, '--phase', nom, fichier, cible, String(lignes)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'warn' } });
  if (r.status !== 0) throw new Error(`phase ${nom} en échec (code ${r.status})`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Mesure;
}

async function principal(): Promise<void> {
  const i = process.argv.indexOf('--rows');
  const lignes = i > 0 ? Number(process.argv[i + 1]) : 100_000;
  if (!Number.isInteger(lignes) || lignes < 1 || lignes > 1_000_000) throw new Error('--rows : entier entre 1 et 1 000 000');
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const dossier = await mkdtemp(path.join(tmpdir(), 'maillage-bench-'));
  // The PostgreSQL server process reads the file itself for COPY: the directory and file must be world-readable.
  await chmod(dossier, 0o755);
  const fichier = path.join(dossier, 'lieux.csv');
  let base: Awaited<ReturnType<typeof basePostgresJetable>> | undefined;
  try {
    let t = performance.now();
    await ecrireCsv(fichier, lignes);
    await chmod(fichier, 0o644);
    console.log(`CSV standard de ${lignes.toLocaleString('fr-FR')} lignes généré en ${((performance.now() - t) / 1000).toFixed(1)} s : ${fichier}`);
    base = await basePostgresJetable(adminUrl, 'maillage_bench');
    const mesures = [
      lancer('postgres-import', fichier, base.url, lignes),
      lancer('postgres-copy', fichier, base.url, lignes),
      // Not the issue's figure: the same file again, so every row goes through the staging table and the upsert
      // (a source's first import is a plain COPY into lieux, see docs/registre.md).
      lancer('postgres-reimport', fichier, base.url, lignes),
      lancer('pglite-import', fichier, path.join(dossier, 'pglite'), lignes),
    ];
    afficher(mesures, lignes);
  } finally {
    await base?.supprimer().catch(() => undefined);
    await rm(dossier, { recursive: true, force: true });
  }
}

function afficher(mesures: Mesure[], lignes: number): void {
  const parS = (m: Mesure) => m.lignes / (m.ms / 1000);
  const tableau = mesures.map((m) => ({
    phase: m.phase,
    lignes: m.lignes,
    'durée (s)': Number((m.ms / 1000).toFixed(2)),
    'lignes/s': Math.round(parS(m)),
    'maxRSS (Mo)': Math.round(m.maxRssMo),
    'pic tas (Mo)': Math.round(m.picTasMo),
    'CPU client µs/ligne': Math.round(m.cpuClientUs),
    'CPU serveur µs/ligne': m.cpuServeurUs === null ? '—' : Math.round(m.cpuServeurUs),
  }));
  console.table(tableau);
  const ratio = parS(mesures[0]!) / parS(mesures[1]!);
  const ok = ratio >= CIBLE;
  console.log(`Import validé / COPY brut (PostgreSQL) : ${ratio.toFixed(3)} — cible ≥ ${CIBLE} : ${ok ? 'atteinte' : 'NON atteinte'}`);
  console.log(`Réimport (upsert, rien ne change) / COPY brut : ${(parS(mesures[2]!) / parS(mesures[1]!)).toFixed(3)} (pour information)`);
  mkdirSync(path.join(path.dirname(ici), 'out'), { recursive: true });
  writeFileSync(path.join(path.dirname(ici), 'out', 'import.json'), JSON.stringify({ date: new Date().toISOString(), lignes, mesures, ratio, cible: CIBLE }, null, 2));
  if (!ok) process.exitCode = 1;
}

if (process.argv[2] === '--phase') await phase(process.argv.slice(3));
else await principal();
