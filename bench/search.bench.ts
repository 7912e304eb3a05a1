// `npm run bench:search` — figures of the issue "Public directory: fast search":
//  1. 20,000 demo places loaded into an in-memory PGlite (seedDemo), the index built FROM THE DATABASE, the mixed
//     workload in-process (p50/p99 per kind), then HTTP throughput of /api/v1/lieux vs /healthz on the same
//     server (autocannon, loopback, 5 s each, 10 connections), repeated and all-distinct queries.
//  2. 1,000,000 demo places generated in memory (same generator) and fed to the same index builder (no database:
//     loading 1 M rows into PGlite would measure PGlite), heap before/after, the same mixed workload.
// Options: --taille-max=N (default 1000000), --duree=S (autocannon seconds, default 5), --requetes=N (in-process
// queries at 20 k, default 4000; half of that at the large size), --sans-http, --sans-grand (skip part 2): quick
// runs while profiling (`node --expose-gc --cpu-prof bench/search.bench.ts …`: NODE_OPTIONS refuses --cpu-prof),
// --http-leger (also /api/v1/lieux with limite=5&facettes=false: how much of the route is the answer's size),
// --http-sans-cache (also the repeated mix on a server whose response cache is off), --http-identite (/healthz and
// the repeated mix again without Accept-Encoding), --profil-http=FILE (CPU profile of the server during (b)),
// --profil-http-cache=FILE (the same during (a), the cached answers), --profil-http-sante=FILE (during /healthz).
// HTTP prints two figures vs /healthz: (a) the 40 repeated queries (the response cache serves them) and (b) a
// mix where no query repeats (the cache never helps); neither alone describes the API. Every autocannon request,
// to /healthz and to /api/v1/lieux alike, sends `accept-encoding: gzip, deflate, br`, as browsers and the usual
// HTTP clients do: the API answers brotli (its size, compressed and not, is printed); /healthz is not compressed.
// autocannon counts the bytes of each body instead of making it a string (see `Lecture`); the stock client is
// measured after, on /healthz, (a) and (a)'s bytes replayed by a bare server (bench/rejeu.ts), and printed too.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { capturer, servirRejeu } from './rejeu.ts';

const ici = fileURLToPath(import.meta.url);
if (typeof globalThis.gc !== 'function') {
  // Heap figures need a real GC before each reading.
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=6144', ici, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const { serve } = await import('@hono/node-server');
const { spawn } = await import('node:child_process');
const { get } = await import('node:http');
/** What browsers (and curl --compressed, undici, requests…) send; both routes of the ratio get it. */
const ACCEPT_ENCODING = 'gzip, deflate, br';
type Mesure = { requests: { average: number; total: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number; envoyes: number; cpu: number };
/**
 * How autocannon reads a body. Stock (`chaine`), it appends every body to a string (`req.body += data`, kept for
 * its `expectBody` option, which the bench does not use), so a brotli body is decoded as UTF-8: with the route's
 * headers and sizes, 112 µs of client per answer for binary bodies against 30–38 for ASCII ones (docs/benchmarks.md,
 * « Sixth pass »), and on two shared cores that cost, not the server's, set the ratio (a server replaying the
 * route's bytes got the same figure). `octets` leaves the body unread, for both routes alike, as wrk or h2load do:
 * the client pays the bytes' arrival, the parsing of the headers, and nothing that grows with the body's content.
 * Both are printed.
 */
type Lecture = 'octets' | 'chaine';
/**
 * autocannon runs in its own process, as its CLI would: inside the server's process it shared the server's one
 * thread, and reading 37 KB answers cost the load generator far more than 30-byte /healthz answers, which
 * lowered the measured ratio for a reason that is not the server's.
 */
async function autocannon(options: Record<string, unknown>, lecture: Lecture): Promise<Mesure> {
  // Options on stdin (2,000 requests do not fit in a command line).
  // `chemins`: each request takes the next path of this list, shared by all connections (a `requests` list is
  // walked by every connection from its start, so 10 connections would send each path 10 times).
  // `corpsEnOctets`: `addBody` does nothing (the bytes are counted per chunk by `addByteCount`, untouched); it
  // fails loudly if a later autocannon renames what it replaces, rather than measure the stock client unseen.
  const script = `let t = ''; for await (const d of process.stdin) t += d; const a = (await import('autocannon')).default; const o = JSON.parse(t); let envoyes = 0;
if (o.corpsEnOctets) { const F = (await import('autocannon/lib/pipelinedRequestsQueue.js')).default; if (typeof F.prototype.addBody !== 'function') throw new Error('autocannon : PipelinedRequestsQueue.addBody introuvable'); F.prototype.addBody = () => undefined; } delete o.corpsEnOctets;
if (o.chemins) { const c = o.chemins; delete o.chemins; o.requests = [{ method: 'GET', setupRequest: (req) => { const i = envoyes++; return { ...req, path: c[i % c.length], headers: { 'x-forwarded-for': '10.' + ((i >> 8) & 255) + '.' + (i & 255) + '.1', 'accept-encoding': ${JSON.stringify(ACCEPT_ENCODING)} } }; } }]; }
const c0 = process.cpuUsage(); const r = await a(o); const c = process.cpuUsage(c0); process.stdout.write(JSON.stringify({ requests: r.requests, latency: r.latency, non2xx: r.non2xx, errors: r.errors, envoyes, cpu: c.user + c.system }));`;
  const enfant = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: path.dirname(path.dirname(ici)), stdio: ['pipe', 'pipe', 'inherit'] });
  enfant.stdin.end(JSON.stringify({ ...options, corpsEnOctets: lecture === 'octets' }));
  let sortie = '';
  enfant.stdout.on('data', (d: Buffer) => (sortie += d.toString()));
  const code = await new Promise<number | null>((r) => enfant.on('close', r));
  if (code !== 0) throw new Error(`autocannon : code ${code}`);
  return JSON.parse(sortie) as Mesure;
}
const { createApp } = await import('../src/app.ts');
const { loadConfig } = await import('../src/config.ts');
const { connectDatabase } = await import('../src/db/connect.ts');
const { migrateToLatest } = await import('../src/db/migrate.ts');
const { createDeps } = await import('../src/deps.ts');
const { createLogger } = await import('../src/logger.ts');
const { seedDemo, communesPourDemo } = await import('../src/modules/lieux/demo/demo.service.ts');
const { genererLieuxDemo, SOURCE_DEMO, GRAINE_PAR_DEFAUT } = await import('../src/modules/lieux/demo/demo.generateur.ts');
const { uidLieu } = await import('../src/modules/lieux/lieux.ts');
const { ENUMERATIONS } = await import('../src/modules/lieux/standard/schema.ts');
const { createTerritoiresService } = await import('../src/modules/territoires/territoires.service.ts');
const { creerRechercheService } = await import('../src/modules/recherche/recherche.service.ts');
const { affinagesTermines } = await import('../src/modules/recherche/encodage.ts');
type RechercheService = import('../src/modules/recherche/recherche.service.ts').RechercheService;
type Requete = import('../src/modules/recherche/recherche.schema.ts').Requete;
type LigneIndex = import('../src/modules/recherche/recherche.repository.ts').LigneIndex;

const arg = (nom: string, defaut: number) => Number(process.argv.find((a) => a.startsWith(`--${nom}=`))?.split('=')[1] ?? defaut);
const TAILLE_MAX = arg('taille-max', 1_000_000);
const DUREE = arg('duree', 5);
const REQUETES = arg('requetes', 4000);
const drapeau = (nom: string) => process.argv.includes(`--${nom}`);
const REFERENCE = new Date('2026-06-01T00:00:00Z');
const MAINTENANT = new Date('2026-06-03T08:30:00Z'); // a Wednesday, 10:30 in Paris

const territoires = createTerritoiresService();
const communes = territoires.communes().filter((c) => (c.population ?? 0) > 15000 && c.latitude !== null && c.longitude !== null && c.type === 'COM');
const departements = territoires.departements().map((d) => d.code);

function alea(graine: number): () => number {
  let s = graine >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
const choisir = <T>(r: () => number, t: readonly T[]): T => t[Math.floor(r() * t.length)]!;

/** The mixed workload: four kinds, parameters drawn from a seeded PRNG (and words of real demo names). */
function charge(n: number, noms: readonly string[]): { type: string; requete: Requete }[] {
  const r = alea(7);
  const sortie: { type: string; requete: Requete }[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % 4;
    if (k === 0) {
      sortie.push({ type: 'commune + 2 filtres + ouvert maintenant', requete: { commune: choisir(r, communes).nom, rayon_km: 10, services: [choisir(r, ENUMERATIONS.services)], frais_a_charge: ['Gratuit'], ouvert: 'maintenant' } });
    } else if (k === 1) {
      const mots = choisir(r, noms).split(/\s+/).filter((m) => m.length > 3);
      let q = mots.slice(0, 1 + Math.floor(r() * 2)).join(' ') || 'numerique';
      const v = r();
      if (v < 0.3) q = q.slice(0, Math.max(3, q.length - 3)); // a prefix
      else if (v < 0.5 && q.length > 5) q = q.slice(0, 2) + q.slice(3); // one typo (a letter missing)
      sortie.push({ type: 'texte seul', requete: { q } });
    } else if (k === 2) {
      sortie.push({ type: 'département + filtre', requete: { departement: choisir(r, departements), services: [choisir(r, ENUMERATIONS.services)] } });
    } else {
      const c = choisir(r, communes);
      sortie.push({ type: 'k plus proches (k=10)', requete: { lat: c.latitude! + (r() - 0.5) * 0.1, lon: c.longitude! + (r() - 0.5) * 0.1, k: 10 } });
    }
  }
  return sortie;
}

const centile = (t: number[], p: number) => t.toSorted((a, b) => a - b)[Math.min(t.length - 1, Math.floor((p / 100) * t.length))]!;
const arrondi = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

// CPU time of the process (µs resolution; process.threadCpuUsage would leave out the GC's helper threads but
// ticks by 4 ms here). It counts those helper threads, so at p99 « CPU » can exceed wall time.
const cpuFil = (avant?: NodeJS.CpuUsage) => process.cpuUsage(avant);

async function mesurer(service: RechercheService, noms: readonly string[], n: number) {
  const requetes = charge(n, noms);
  for (const { requete } of requetes.slice(0, 200)) await service.rechercher(requete); // warm-up (JIT, caches)
  // Wall time, and CPU time of this process (the machine is shared: wall time also counts the moments the OS
  // gave the core to another process; CPU time does not).
  const parType = new Map<string, { mur: number[]; cpu: number[] }>();
  const tous = { mur: [] as number[], cpu: [] as number[] };
  let resultats = 0;
  for (const { type, requete } of requetes) {
    const c0 = cpuFil();
    const t0 = performance.now();
    const res = await service.rechercher(requete);
    const ms = performance.now() - t0;
    const c = cpuFil(c0);
    const cpu = (c.user + c.system) / 1000;
    resultats += res.total;
    tous.mur.push(ms);
    tous.cpu.push(cpu);
    if (!parType.has(type)) parType.set(type, { mur: [], cpu: [] });
    parType.get(type)!.mur.push(ms);
    parType.get(type)!.cpu.push(cpu);
  }
  const ligne = (type: string, t: { mur: number[]; cpu: number[] }) => ({ type, requetes: t.mur.length, p50_ms: arrondi(centile(t.mur, 50)), p99_ms: arrondi(centile(t.mur, 99)), p50_cpu_ms: arrondi(centile(t.cpu, 50)), p99_cpu_ms: arrondi(centile(t.cpu, 99)) });
  const lignes = [...parType].map(([type, t]) => ligne(type, t));
  lignes.push(ligne('ensemble', tous));
  console.table(lignes);
  const lentes = requetes.map((q, i) => ({ ms: tous.cpu[i]!, q: JSON.stringify(q.requete) })).sort((a, b) => b.ms - a.ms).slice(0, 5);
  if (drapeau('lentes')) console.log(lentes);
  console.log(`  (${arrondi(resultats / tous.mur.length, 1)} lieux trouvés par requête en moyenne ; charge de la machine : ${(await import('node:os')).loadavg()[0]!.toFixed(1)})`);
  return lignes;
}

async function debit(url: string, chemins: string[], encodage = ACCEPT_ENCODING, lecture: Lecture = 'octets') {
  const requests = Array.from({ length: 2000 }, (_, i) => ({ method: 'GET', path: chemins[i % chemins.length]!, headers: { 'x-forwarded-for': `10.${(i >> 8) & 255}.${i & 255}.1`, ...(encodage ? { 'accept-encoding': encodage } : {}) } }));
  const c0 = process.cpuUsage();
  const r = await autocannon({ url, connections: 10, duration: DUREE, requests }, lecture);
  return { requetes_par_s: Math.round(r.requests.average), latence_p50_ms: r.latency.p50, latence_p99_ms: r.latency.p99, non2xx: r.non2xx, erreurs: r.errors, ...cpuServeur(c0, r) };
}

/**
 * CPU of this process (the server; autocannon runs in its own) per answered request: on a shared 2-core machine
 * the ratio of throughputs also moves with the load generator and the neighbours, this figure much less. The load
 * generator's own CPU per request is printed too: both share the two cores, and autocannon parses headers in
 * JavaScript (and, stock, turns every body into a string), so a larger answer also costs the client.
 */
function cpuServeur(c0: NodeJS.CpuUsage, r: Mesure): { cpu_serveur_us: number; cpu_autocannon_us: number } {
  const c = process.cpuUsage(c0);
  const n = Math.max(1, r.requests.total);
  return { cpu_serveur_us: Math.round((c.user + c.system) / n), cpu_autocannon_us: Math.round(r.cpu / n) };
}

/**
 * `chemin`'s answer as the cache serves it once popular. A new minute empties the cache: then the entry is
 * made again, read once more (which starts its finer compression) and captured when that is done.
 */
async function reponseServie(port: number, chemin: string): Promise<Buffer> {
  const entetes = { 'accept-encoding': ACCEPT_ENCODING, 'x-forwarded-for': '10.255.255.1' };
  for (let essai = 0; essai < 3; essai++) {
    const r = await capturer(port, chemin, entetes);
    if (/\r\nx-cache: hit\r\n/i.test(r.subarray(0, r.indexOf('\r\n\r\n') + 2).toString('latin1'))) return r;
    await capturer(port, chemin, entetes);
    await affinagesTermines();
  }
  throw new Error(`${chemin} : jamais servie par le cache`);
}

/** Every request a path of its own, in list order (`chemins` longer than the run: no path is sent twice). */
async function debitDistinct(url: string, chemins: string[]) {
  const c0 = process.cpuUsage();
  const r = await autocannon({ url, connections: 10, duration: DUREE, chemins }, 'octets');
  return { requetes_par_s: Math.round(r.requests.average), latence_p50_ms: r.latency.p50, latence_p99_ms: r.latency.p99, non2xx: r.non2xx, erreurs: r.errors, ...cpuServeur(c0, r), envoyees: r.envoyes };
}

/**
 * The cache-busting mix: the same four kinds as `charge`, each made unique by a continuous parameter a real
 * visitor also varies (the radius around a commune, the page size, the point of a k-nearest query). No two
 * paths are equal, so no two requests share a cache entry.
 */
function chargeDistincte(n: number, noms: readonly string[]): string[] {
  const r = alea(2026);
  const vus = new Set<string>();
  const sortie: string[] = [];
  for (let i = 0; vus.size < n; i++) {
    let p: Record<string, string>;
    const k = i % 4;
    if (k === 0) {
      p = { commune: choisir(r, communes).nom, rayon_km: String(Math.round((3 + r() * 17) * 100) / 100), services: choisir(r, ENUMERATIONS.services), frais_a_charge: 'Gratuit', ouvert: 'maintenant' };
    } else if (k === 1) {
      const mots = choisir(r, noms).split(/\s+/).filter((m) => m.length > 3);
      let q = mots.slice(0, 1 + Math.floor(r() * 2)).join(' ') || 'numerique';
      const v = r();
      if (v < 0.3) q = q.slice(0, Math.max(3, q.length - 3));
      else if (v < 0.5 && q.length > 5) q = q.slice(0, 2) + q.slice(3);
      p = { q, limite: String(15 + Math.floor(r() * 11)) };
    } else if (k === 2) {
      p = { departement: choisir(r, departements), services: choisir(r, ENUMERATIONS.services), limite: String(15 + Math.floor(r() * 11)) };
    } else {
      const c = choisir(r, communes);
      p = { lat: String(Math.round((c.latitude! + (r() - 0.5) * 0.1) * 1e5) / 1e5), lon: String(Math.round((c.longitude! + (r() - 0.5) * 0.1) * 1e5) / 1e5), k: '10' };
    }
    const chemin = `/api/v1/lieux?${new URLSearchParams(p).toString()}`;
    if (vus.has(chemin)) continue;
    vus.add(chemin);
    sortie.push(chemin);
  }
  return sortie;
}

// ── 1. 20 k from the database, in-process and over HTTP ───────────────────────────────────────────────────────
console.log('\n▶ 20 000 lieux de démonstration (PGlite en mémoire)');
const database = await connectDatabase({ dataDir: 'memory' });
await migrateToLatest(database.db);
const logger = createLogger('silent');
const seed = await seedDemo({ database, territoires, logger }, { taille: 20_000, graine: GRAINE_PAR_DEFAUT, reference: REFERENCE });
console.log(`  registre généré en ${seed.dureeMs} ms`);
// A throw-away secret: the bench server only answers GETs on loopback.
// The public API is rate-limited per client address (comptes.web.ts): the load comes from many simulated
// clients (X-Forwarded-For behind a "trusted proxy"), so the limiter runs but does not turn the run into 429s.
const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', MAILLAGE_DEMO: 'non', PORT: '3999', TRUST_PROXY: 'oui', MAILLAGE_SECRET: (await import('node:crypto')).randomBytes(32).toString('hex') });
const deps = await createDeps(config, logger, database);
const t0 = performance.now();
await deps.recherche.pret();
const construction20k = performance.now() - t0;
console.log(`  index construit depuis la base en ${Math.round(construction20k)} ms`, deps.recherche.statistiques());
const noms20k = (await database.db.selectFrom('lieux').select('nom').limit(2000).execute()).map((l) => l.nom);
const s20k = creerRechercheService({ database, territoires, logger, ecouter: false, maintenant: () => MAINTENANT });
await s20k.pret();
const latence20k = await mesurer(s20k, noms20k, REQUETES);
await s20k.arreter();

/**
 * --profil-http=FICHIER (phase (b)), --profil-http-cache=FICHIER (phase (a)), --profil-http-sante=FICHIER (/healthz):
 * a CPU profile of the server during that phase only (the whole bench under --cpu-prof mixes the seeding, the
 * in-process workload and every phase). The profiler's sampling costs the server CPU, so a profiled phase's figures
 * are not comparable with the others; and it samples wall time: a write to the socket during which the OS ran
 * autocannon counts as the write's (`perf record` on the server's pid, with --perf-basic-prof, counts CPU time).
 */
async function profiler<T>(option: string, phase: () => Promise<T>): Promise<T> {
  const fichier = process.argv.find((a) => a.startsWith(`--${option}=`))?.split('=')[1];
  if (!fichier) return phase();
  const session = new (await import('node:inspector/promises')).Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const resultat = await phase();
  writeFileSync(fichier, JSON.stringify((await session.post('Profiler.stop')).profile));
  session.disconnect();
  return resultat;
}

async function mesurerHttp() {
  const app = createApp(deps);
  const serveur = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => serveur.once('listening', r));
  const port = (serveur.address() as { port: number }).port;
  const base = `http://127.0.0.1:${port}`;
  const cheminsRecherche = charge(40, noms20k).map(({ requete }) => `/api/v1/lieux?${new URLSearchParams(Object.entries(requete).map(([k, v]) => [k, Array.isArray(v) ? v.join('|') : String(v)])).toString()}`);
  // Bytes on the wire, read with node:http (fetch would decompress them): as is, then with the bench's header.
  const octetsDe = (p: string, entetes: Record<string, string>) =>
    new Promise<{ octets: number; encodage?: string }>((ok, ko) => {
      get(base + p, { headers: entetes }, (r) => {
        if (r.statusCode !== 200) ko(new Error(`${p} → ${r.statusCode}`));
        let octets = 0;
        r.on('data', (d: Buffer) => (octets += d.length));
        r.on('end', () => ok({ octets, encodage: r.headers['content-encoding'] }));
      }).on('error', ko);
    });
  let octets = 0;
  let octetsCompresses = 0;
  const encodages = new Set<string>();
  for (const p of cheminsRecherche) {
    octets += (await octetsDe(p, {})).octets;
    const c = await octetsDe(p, { 'accept-encoding': ACCEPT_ENCODING });
    octetsCompresses += c.octets;
    encodages.add(c.encodage ?? 'identité');
  }
  console.log(`  réponse moyenne de /api/v1/lieux : ${Math.round(octets / cheminsRecherche.length)} octets, ${Math.round(octetsCompresses / cheminsRecherche.length)} avec « accept-encoding: ${ACCEPT_ENCODING} » (${[...encodages].join(', ')})`);
  console.log(`\n▶ HTTP (autocannon, 10 connexions, ${DUREE} s chacun, boucle locale)`);
  // Longer than any run can send (≈ 3,000 misses/s here): checked below with the number actually sent.
  const tousDistincts = chargeDistincte(2 * Math.max(20_000, DUREE * 6_000), noms20k);
  // Two disjoint halves: the first run warms what a long-lived server has warm anyway (the full rows of places,
  // read from the database at their first showing, and their serialised JSON), the second is the figure.
  const chauffe = tousDistincts.slice(tousDistincts.length / 2);
  const cheminsDistincts = tousDistincts.slice(0, tousDistincts.length / 2);
  const sante = await profiler('profil-http-sante', () => debit(base, ['/healthz']));
  // (a) the 40 paths of the mixed workload over and over: after the first of each, the response cache answers.
  const recherche = await profiler('profil-http-cache', () => debit(base, cheminsRecherche));
  // The same answers once popular: read again, their compressed forms were redone at the finer level (encodage.ts).
  let octetsRelus = 0;
  for (const p of cheminsRecherche) octetsRelus += (await octetsDe(p, { 'accept-encoding': ACCEPT_ENCODING })).octets;
  console.log(`  après (a), les mêmes réponses : ${Math.round(octetsRelus / cheminsRecherche.length)} octets en moyenne avec « accept-encoding: ${ACCEPT_ENCODING} » (relues, donc recompressées plus serré)`);
  // …and byte for byte, headers included, as the cache serves them now, for the replay after (b).
  await affinagesTermines();
  const reponses = new Map<string, Buffer>();
  for (const p of cheminsRecherche) reponses.set(p, await reponseServie(port, p));
  const corpsCaptures = [...reponses.values()].reduce((n, r) => n + r.length - r.indexOf('\r\n\r\n') - 4, 0);
  console.log(`  capturées pour le rejeu (servies par le cache) : ${Math.round(corpsCaptures / reponses.size)} octets de corps en moyenne`);
  // (b) every request a new query: the cache never answers (and each miss pays its hash and its insertion).
  const froides = await debitDistinct(base, chauffe);
  const distinctes = await profiler('profil-http', () => debitDistinct(base, cheminsDistincts));
  // Stock autocannon (bodies made strings) on /healthz and (a), then on (a)'s bytes replayed by a server that does
  // nothing else: the most those bytes allow that client, whatever the server does. The replay with bodies
  // left unread says how far the route is from answering as fast as a server with no work at all.
  const rejeu = await servirRejeu(reponses);
  const telQuel = {
    sante: await debit(base, ['/healthz'], ACCEPT_ENCODING, 'chaine'),
    recherche: await debit(base, cheminsRecherche, ACCEPT_ENCODING, 'chaine'),
    rejeu: await debit(rejeu.base, cheminsRecherche, ACCEPT_ENCODING, 'chaine'),
  };
  const rejeuOctets = await debit(rejeu.base, cheminsRecherche);
  await rejeu.fermer();
  const ratio = recherche.requetes_par_s / sante.requetes_par_s;
  const ratioDistinctes = distinctes.requetes_par_s / sante.requetes_par_s;
  // --http-sans-cache: (a) again on a server whose cache is off (RECHERCHE_CACHE_MO=0), the route as before it.
  let sansCache: Awaited<ReturnType<typeof debit>> | null = null;
  if (drapeau('http-sans-cache')) {
    const appSansCache = createApp({ ...deps, config: { ...deps.config, RECHERCHE_CACHE_MO: 0 } });
    const s2 = serve({ fetch: appSansCache.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => s2.once('listening', r));
    sansCache = await debit(`http://127.0.0.1:${(s2.address() as { port: number }).port}`, cheminsRecherche);
    await new Promise((r) => s2.close(r));
  }
  // --http-leger: the same queries with a 5-place page and no facets, to tell the cost of the answer's size
  // from the cost of the search (not the figure: the default page is 20 places with facets).
  const leger = drapeau('http-leger') ? await debit(base, cheminsRecherche.map((p) => `${p}&limite=5&facettes=false`)) : null;
  // --http-identite: /healthz and (a) again without Accept-Encoding (uncompressed answers): what compression
  // changes, for the server and for autocannon.
  const identite = drapeau('http-identite') ? { sante: await debit(base, ['/healthz'], ''), recherche: await debit(base, cheminsRecherche, '') } : null;
  console.table([
    { route: '/healthz', ...sante },
    { route: '/api/v1/lieux (a) 40 requêtes répétées (cache)', ...recherche },
    { route: '(b) distinctes, 1er passage (fiches froides)', ...froides },
    { route: '/api/v1/lieux (b) toutes distinctes', ...distinctes },
    ...(sansCache ? [{ route: '(a) sur un serveur sans cache', ...sansCache }] : []),
    ...(identite ? [{ route: '/healthz sans Accept-Encoding', ...identite.sante }, { route: '(a) sans Accept-Encoding (non compressées)', ...identite.recherche }] : []),
    ...(leger ? [{ route: '… limite=5&facettes=false', ...leger }] : []),
    { route: '(a) rejouées par un serveur nu', ...rejeuOctets },
    { route: 'autocannon tel quel : /healthz', ...telQuel.sante },
    { route: 'autocannon tel quel : (a)', ...telQuel.recherche },
    { route: 'autocannon tel quel : (a) rejouées', ...telQuel.rejeu },
  ]);
  const pc = (a: { requetes_par_s: number }, b: { requetes_par_s: number }) => Math.round((a.requetes_par_s / b.requetes_par_s) * 100);
  console.log(`  /api/v1/lieux, requêtes répétées (servies par le cache) = ${Math.round(ratio * 100)} % de /healthz (cible ≥ 60 %) ; ${pc(recherche, rejeuOctets)} % d’un serveur nu qui rejoue leurs octets`);
  console.log(`  autocannon tel quel (corps changés en chaîne) : (a) = ${pc(telQuel.recherche, telQuel.sante)} % de /healthz ; les mêmes octets rejoués par un serveur nu : ${pc(telQuel.rejeu, telQuel.sante)} % (ce que ce client permet pour ces réponses)`);
  console.log(`  /api/v1/lieux, requêtes toutes distinctes (cache jamais utile) = ${Math.round(ratioDistinctes * 100)} % de /healthz`);
  if (identite) console.log(`  sans Accept-Encoding : (a) = ${Math.round((identite.recherche.requetes_par_s / identite.sante.requetes_par_s) * 100)} % de /healthz`);
  if (sansCache) console.log(`  /api/v1/lieux, requêtes répétées, cache coupé = ${Math.round((sansCache.requetes_par_s / sante.requetes_par_s) * 100)} % de /healthz`);
  if (distinctes.envoyees > cheminsDistincts.length) console.warn(`  ⚠ ${distinctes.envoyees} requêtes pour ${cheminsDistincts.length} chemins distincts : certains ont été répétés`);
  else console.log(`  (b) : ${distinctes.envoyees} requêtes construites, ${cheminsDistincts.length} chemins distincts — aucun répété`);
  for (const [nom, m] of [['(a)', recherche], ['(b)', distinctes], ['rejeu', rejeuOctets], ['tel quel /healthz', telQuel.sante], ['tel quel (a)', telQuel.recherche], ['tel quel rejeu', telQuel.rejeu]] as const) {
    if (m.non2xx > 0) console.warn(`  ⚠ ${nom} : ${m.non2xx} réponses non-2xx pendant la mesure : le débit ne mesure pas que la recherche`);
  }
  await new Promise((r) => serveur.close(r));
  return { sante, recherche, ratio: arrondi(ratio, 2), distinctes, ratio_distinctes: arrondi(ratioDistinctes, 2), distinctes_premier_passage: froides, ...(sansCache ? { sans_cache: sansCache } : {}), ...(leger ? { leger } : {}), ...(identite ? { identite } : {}), rejeu: rejeuOctets, autocannon_tel_quel: { ...telQuel, ratio: arrondi(telQuel.recherche.requetes_par_s / telQuel.sante.requetes_par_s, 2), ratio_rejeu: arrondi(telQuel.rejeu.requetes_par_s / telQuel.sante.requetes_par_s, 2) }, octets_moyens: Math.round(octets / cheminsRecherche.length), octets_moyens_compresses: Math.round(octetsCompresses / cheminsRecherche.length), octets_moyens_relus: Math.round(octetsRelus / cheminsRecherche.length) };
}
const http = drapeau('sans-http') ? null : await mesurerHttp();
await deps.close();
await database.close();

// ── 2. 1 M generated in memory ─────────────────────────────────────────────────────────────────────────────────
async function mesurerGrand() {
  const TAILLE = TAILLE_MAX;
  console.log(`\n▶ ${TAILLE.toLocaleString('fr-FR')} lieux générés en mémoire (même générateur), index construit à partir des lignes`);
  const vide = await connectDatabase({ dataDir: 'memory' });
  await migrateToLatest(vide.db);
  const communesDemo = communesPourDemo(territoires);
  const modifie = new Date();
  const nomsGrand: string[] = [];
  // Time spent inside the generator, to tell the index build from the making of the rows.
  let generationMs = 0;
  async function* lignes(): AsyncGenerator<LigneIndex[]> {
    let lot: LigneIndex[] = [];
    const iterateur = genererLieuxDemo({ taille: TAILLE, graine: GRAINE_PAR_DEFAUT, reference: REFERENCE }, communesDemo);
    for (;;) {
      const t = performance.now();
      const suivant = iterateur.next();
      generationMs += performance.now() - t;
      if (suivant.done) break;
      const l = suivant.value;
      if (nomsGrand.length < 2000 && Math.random() < 0.01) nomsGrand.push(l.nom);
      lot.push({ ...l, uid: uidLieu(SOURCE_DEMO, l.id), modifie_le: modifie });
      if (lot.length === 10_000) {
        yield lot;
        lot = [];
      }
    }
    yield lot;
  }
  globalThis.gc!();
  const avant = process.memoryUsage();
  const t1 = performance.now();
  const grand = creerRechercheService({ database: vide, territoires, logger, ecouter: false, maintenant: () => MAINTENANT, lignes });
  await grand.pret();
  const construction1M = performance.now() - t1;
  globalThis.gc!();
  const apres = process.memoryUsage();
  const memoire = { tas_mo: Math.round((apres.heapUsed - avant.heapUsed) / 2 ** 20), hors_tas_mo: Math.round((apres.arrayBuffers - avant.arrayBuffers) / 2 ** 20), rss_mo: Math.round((apres.rss - avant.rss) / 2 ** 20) };
  console.log(`  génération + index en ${Math.round(construction1M)} ms, dont génération des lignes ${Math.round(generationMs)} ms → index ${Math.round(construction1M - generationMs)} ms ; mémoire de l’index :`, memoire, grand.statistiques());
  const latence1M = await mesurer(grand, nomsGrand, Math.round(REQUETES / 2));
  await grand.arreter();
  await vide.close();
  return { taille: TAILLE, construction_ms: Math.round(construction1M), generation_ms: Math.round(generationMs), memoire, latence1M };
}
const grand = drapeau('sans-grand') ? null : await mesurerGrand();

mkdirSync(path.join(path.dirname(ici), 'out'), { recursive: true });
writeFileSync(
  path.join(path.dirname(ici), 'out', 'search.json'),
  JSON.stringify({ date: new Date().toISOString(), machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, construction20k_ms: Math.round(construction20k), latence20k, http, ...grand }, null, 2),
);
console.log('\nÉcrit : bench/out/search.json');
