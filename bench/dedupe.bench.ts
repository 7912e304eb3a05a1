// `npm run bench:dedupe [-- --sans-million] [-- --phases dedupe-15k,registre-15k,registre-100000,…]`: dedupe + merge of 15,000 records from five synthetic sources
// (national scale, target ≤ 1 s) and of 1,000,000 (target ≤ 120 s, ≤ 4 GB), the naive all-pairs comparison on
// 5,000 records with the same score function (to show the ratio), and the quality figures (synthetic set and
// hand-labelled Charente pairs; targets precision ≥ 0.98, recall ≥ 0.95).
//
// Each phase runs in its own child process, so that its peak memory (maxRSS) is its own. Records are generated
// before the clock starts. Wall time and CPU time are both printed: the machine is shared, and CPU time is what
// the algorithm costs when another process is not competing for the cores.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { connectDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { communesPourDemo } from '../src/modules/lieux/demo/demo.service.ts';
import { ecrireLieux, enregistrerSource, type LigneLieu } from '../src/modules/lieux/lieux.repository.ts';
import { createLieuxService } from '../src/modules/lieux/lieux.service.ts';
import { dedoublonner } from '../src/modules/sources/dedupe/dedoublonner.ts';
import { fusionner } from '../src/modules/sources/dedupe/fusion.ts';
import { scoreRapide } from '../src/modules/sources/dedupe/score.ts';
import { calculerTraits } from '../src/modules/sources/dedupe/traits.ts';
import type { LieuSource } from '../src/modules/sources/dedupe/types.ts';
import { CIBLES, evaluerCharente, evaluerSynthetique } from '../src/modules/sources/evaluation/evaluation.ts';
import { genererJeuSynthetique, SOURCES_SYNTHETIQUES } from '../src/modules/sources/evaluation/generateur.ts';
import { createSourcesService, type BilanDedoublonnage, type OptionsDedoublonnage } from '../src/modules/sources/sources.service.ts';
import { createTerritoiresService } from '../src/modules/territoires/territoires.service.ts';
import { basePostgresJetable } from '../test/helpers/db.ts';

const ici = fileURLToPath(import.meta.url);
const GRAINE = 2026;

interface Mesure {
  phase: string;
  lieux: number;
  ms: number;
  cpuMs: number;
  maxRssMo: number;
  detail: Record<string, number>;
}

function chronometrer<T>(fn: () => T): { resultat: T; ms: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const debut = performance.now();
  const resultat = fn();
  const ms = performance.now() - debut;
  const c = process.cpuUsage(cpu);
  return { resultat, ms, cpuMs: (c.user + c.system) / 1000 };
}

/** What `maillage dedupe` computes before writing: groups, each pair's explanation, each merged place. */
function dedupeEtFusion(lieux: readonly LieuSource[]): { groupes: number; multiples: number; signaux: number } {
  const r = dedoublonner(lieux);
  const parUid = new Map(lieux.map((l) => [l.uid, l]));
  let multiples = 0;
  let signaux = 0;
  for (const g of r.groupes) {
    if (g.uids.length > 1) multiples++;
    for (const p of r.pairesDe(g)) signaux += r.expliquer(p).length;
    fusionner(g.id, g.uids.map((u) => parUid.get(u)!));
  }
  return { groupes: r.groupes.length, multiples, signaux };
}

const URL_ADMIN = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * `maillage dedupe` end to end on PostgreSQL (read the register, compute, write the generation, switch), on the
 * 15,000 synthetic records written into a fresh database before the clock starts: a first run (every cluster
 * written), a second with nothing changed (every cluster carried over), then one source re-imported with 10 % of
 * its records modified and 2 % deleted, and the incremental run `dedupe --source hub`, then a full run, whose
 * number of clusters written tells how far the incremental result was from a full one (0: identical); the same
 * again with another tenth of the source and `dedupe --incremental` (only what changed, not the whole source).
 */
async function registre(total: number): Promise<Mesure[]> {
  const base = await basePostgresJetable(URL_ADMIN, 'maillage_bench_dedupe');
  const database = await connectDatabase({ url: base.url, poolSize: 4 });
  const mesures: Mesure[] = [];
  try {
    await migrateToLatest(database.db);
    const territoires = createTerritoiresService();
    const { lieux } = genererJeuSynthetique({ total, graine: GRAINE }, communesPourDemo(territoires));
    for (const s of SOURCES_SYNTHETIQUES) await enregistrerSource(database.db, { cle: s, nom: s, format: 'bench' });
    const ligne = (l: LieuSource): LigneLieu => ({ ...l, fichier: null, import_id: null, hors_standard: '{}' });
    for (let i = 0; i < lieux.length; i += 2_000) await ecrireLieux(database.db, lieux.slice(i, i + 2_000).map(ligne));
    const sources = createSourcesService({ database, lieux: createLieuxService({ database, territoires }) });
    const n = total.toLocaleString('fr-FR');
    const passage = async (phase: string, options: OptionsDedoublonnage) => {
      const cpu = process.cpuUsage();
      const debut = performance.now();
      const b: BilanDedoublonnage = await sources.dedoublonner(options);
      const ms = performance.now() - debut;
      const c = process.cpuUsage(cpu);
      mesures.push({
        phase: `${phase}, ${n} fiches (PostgreSQL)`, lieux: b.lieux, ms, cpuMs: (c.user + c.system) / 1000, maxRssMo: 0,
        detail: { ...b.etapes, recalcules: b.recalcules, repris: b.repris, fiches_analysees: b.fichesAnalysees, fiches_actives: b.fichesRecalculees, comparaisons: b.comparaisons },
      });
    };
    await passage('maillage dedupe, 1er passage', {});
    await passage('maillage dedupe, rien n’a changé', {});
    const hub = lieux.filter((l) => l.source_cle === 'hub');
    // One source re-imported: 10 % of its records modified, 2 % deleted (a different tenth each time).
    const reimporter = async (reste: number) => {
      await ecrireLieux(database.db, hub.filter((_, k) => k % 10 === reste).map((l) => ligne({ ...l, telephone: '+33100000000', date_maj: '2026-11-20' })));
      const supprimes = hub.filter((_, k) => k % 50 === reste + 11).map((l) => l.uid);
      await sql`DELETE FROM lieux WHERE uid = ANY(${supprimes}::text[])`.execute(database.db);
    };
    await reimporter(0);
    await passage('maillage dedupe --source hub (10 % modifiées, 2 % supprimées)', { sources: ['hub'] });
    await passage('maillage dedupe complet ensuite (écart au calcul incrémental)', {});
    await reimporter(5);
    await passage('maillage dedupe --incremental (autres 10 % de hub modifiées, 2 % supprimées)', { incremental: true });
    await passage('maillage dedupe complet ensuite (écart au calcul incrémental)', {});
  } finally {
    await database.close();
    // The pool's sockets close a little after end() resolves; dropping before would kill them mid-way.
    await new Promise((r) => setTimeout(r, 200));
    await base.supprimer();
  }
  return mesures;
}

/** Child process: one phase, one JSON line on stdout (several for the end-to-end phase). */
async function phase(nom: string): Promise<void> {
  if (nom === 'registre-15k' || /^registre-\d+$/.test(nom)) {
    const total = nom === 'registre-15k' ? 15_000 : Number(nom.slice('registre-'.length));
    for (const m of await registre(total)) process.stdout.write(`${JSON.stringify({ ...m, maxRssMo: process.resourceUsage().maxRSS / 1024 })}\n`);
    return;
  }
  const communes = communesPourDemo(createTerritoiresService());
  let mesure: Mesure;
  if (nom === 'dedupe-15k' || nom === 'dedupe-1M') {
    const total = nom === 'dedupe-15k' ? 15_000 : 1_000_000;
    const { lieux } = genererJeuSynthetique({ total, graine: GRAINE }, communes);
    const t = chronometrer(() => dedupeEtFusion(lieux));
    // A second run in the same process: what a long-running server pays once the code is compiled (JIT).
    const chaud = total <= 100_000 ? chronometrer(() => dedupeEtFusion(lieux)) : null;
    mesure = {
      phase: `Dédoublonnage + fusion, ${total.toLocaleString('fr-FR')} fiches`, lieux: lieux.length, ms: t.ms, cpuMs: t.cpuMs, maxRssMo: 0,
      detail: { ...t.resultat, ...(chaud ? { ms_2e_passage: Math.round(chaud.ms), cpu_ms_2e_passage: Math.round(chaud.cpuMs) } : {}) },
    };
  } else if (nom === 'bloque-5k' || nom === 'naif-5k') {
    const { lieux } = genererJeuSynthetique({ total: 5_000, graine: GRAINE }, communes);
    if (nom === 'bloque-5k') {
      const t = chronometrer(() => dedoublonner(lieux));
      // retenues: pairs scoring ≥ SEUILS.paire, to compare with the naive run (what blocking misses).
      mesure = { phase: 'Dédoublonnage par blocage, 5 000 fiches', lieux: 5_000, ms: t.ms, cpuMs: t.cpuMs, maxRssMo: 0, detail: { comparaisons: t.resultat.statistiques.comparaisons, retenues: t.resultat.paires.length } };
    } else {
      const t = chronometrer(() => {
        // Same traits and same score function as the real dedupe, over every pair: only the blocking differs.
        const traits = lieux.map((l) => calculerTraits(l));
        let paires = 0;
        let retenues = 0;
        for (let i = 0; i < traits.length; i++) {
          for (let j = i + 1; j < traits.length; j++) {
            paires++;
            if (scoreRapide(traits[i]!, traits[j]!) >= 5) retenues++;
          }
        }
        return { comparaisons: paires, retenues };
      });
      mesure = { phase: 'Comparaison naïve de toutes les paires, 5 000 fiches', lieux: 5_000, ms: t.ms, cpuMs: t.cpuMs, maxRssMo: 0, detail: t.resultat };
    }
  } else if (nom === 'qualite') {
    const t = chronometrer(() => ({ s: evaluerSynthetique(communes, 15_000, GRAINE), c: evaluerCharente() }));
    const { s, c } = t.resultat;
    mesure = {
      phase: 'Qualité', lieux: s.lieux, ms: t.ms, cpuMs: t.cpuMs, maxRssMo: 0,
      detail: {
        synth_precision: s.precision, synth_rappel: s.rappel, synth_f1: s.f1, synth_paires: s.attendus,
        charente_precision: c.precision, charente_rappel: c.rappel, charente_f1: c.f1, charente_paires: c.attendus, charente_incertaines: c.incertaines,
      },
    };
  } else {
    throw new Error(`phase inconnue ${nom}`);
  }
  mesure.maxRssMo = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify(mesure)}\n`);
}

function lancer(nom: string): Mesure[] {
  const r = spawnSync(process.execPath, ['--max-old-space-size=3800', ici, '--phase', nom], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1e7 });
  if (r.status !== 0) throw new Error(`phase ${nom} en échec (code ${r.status})`);
  return r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Mesure);
}

function principal(): void {
  const seules = process.argv.includes('--phases') ? process.argv[process.argv.indexOf('--phases') + 1]!.split(',') : null;
  const phases = seules ?? ['dedupe-15k', 'registre-15k', 'bloque-5k', 'naif-5k', 'qualite', ...(process.argv.includes('--sans-million') ? [] : ['dedupe-1M'])];
  const mesures: Mesure[] = [];
  for (const p of phases) {
    for (const m of lancer(p)) {
      mesures.push(m);
      const s = (x: number) => `${(x / 1000).toFixed(2)} s`;
      console.log(`${m.phase.padEnd(55)} ${s(m.ms).padStart(9)} (CPU ${s(m.cpuMs)})  pic ${Math.round(m.maxRssMo)} Mo  ${JSON.stringify(m.detail)}`);
    }
  }
  const sortie = path.join(path.dirname(ici), 'out');
  mkdirSync(sortie, { recursive: true });
  if (seules) {
    writeFileSync(path.join(sortie, 'dedupe-partiel.json'), `${JSON.stringify({ date: new Date().toISOString(), mesures }, null, 2)}\n`);
    return;
  }
  const bloque = mesures.find((m) => m.phase.startsWith('Dédoublonnage par blocage'))!;
  const naif = mesures.find((m) => m.phase.startsWith('Comparaison naïve'))!;
  console.log(`Rapport naïf / blocage sur 5 000 fiches : ×${(naif.cpuMs / bloque.cpuMs).toFixed(0)} (CPU)`);
  const q = mesures.find((m) => m.phase === 'Qualité')!.detail;
  const ok = (p: number, r: number) => (p >= CIBLES.precision && r >= CIBLES.rappel ? 'atteint' : 'NON ATTEINT');
  console.log(`Synthétique : précision ${q.synth_precision!.toFixed(4)}, rappel ${q.synth_rappel!.toFixed(4)}, F1 ${q.synth_f1!.toFixed(4)} — ${ok(q.synth_precision!, q.synth_rappel!)}`);
  console.log(`Charente    : précision ${q.charente_precision!.toFixed(4)}, rappel ${q.charente_rappel!.toFixed(4)}, F1 ${q.charente_f1!.toFixed(4)} — ${ok(q.charente_precision!, q.charente_rappel!)}`);
  writeFileSync(path.join(sortie, 'dedupe.json'), `${JSON.stringify({ date: new Date().toISOString(), mesures }, null, 2)}\n`);
}

if (process.argv[2] === '--phase') await phase(process.argv[3]!);
else principal();
