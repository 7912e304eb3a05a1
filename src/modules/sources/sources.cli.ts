import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { parseFlags, withDeps, type Command } from '../../cli/command.ts';
import { republierApresImport } from '../../cli/republier.ts';
import { AppError, type Issue } from '../../errors.ts';
import type { BilanImportBrut } from './brutes/importer-brut.ts';
import { SOURCES_BRUTES } from './brutes/sources-brutes.ts';
import type { BilanDedoublonnage } from './sources.service.ts';

const decrireIssue = (i: Issue) =>
  `  ${[i.line ? `ligne ${i.line}` : '', i.field ? `champ ${i.field}` : ''].filter(Boolean).join(', ')} : ${i.message} [${i.key}]`;

/** A one-line progress bar on stderr (silent when stderr is not a terminal). */
function barre() {
  let dernier = 0;
  return {
    maj(etape: string, faits: number, total: number) {
      if (!process.stderr.isTTY) return;
      const t = Date.now();
      if (t - dernier < 100 && faits < total) return;
      dernier = t;
      const part = total ? faits / total : 1;
      const plein = Math.round(part * 30);
      process.stderr.write(`\r${etape.padEnd(12)} [${'#'.repeat(plein)}${'-'.repeat(30 - plein)}] ${Math.round(part * 100)} % (${faits}/${total}) `);
    },
    fin: () => process.stderr.isTTY && process.stderr.write('\r\x1b[2K'),
  };
}

function rapportTexte(b: BilanDedoublonnage): string {
  const lignes = [
    `Dédoublonnage de ${b.lieux} fiches : ${b.clusters} lieux, dont ${b.multiples} regroupant plusieurs fiches (${b.paires} paires retenues, ${b.comparaisons} comparaisons, ${(b.dureeMs / 1000).toFixed(1)} s)`,
    `${b.recalcules} lieu(x) fusionné(s) à nouveau, ${b.repris} repris tels quels de la génération précédente (${b.fichesRecalculees} fiches examinées).`,
    b.simulation ? 'Simulation : rien n’a été écrit.' : `Registre fusionné publié (génération ${b.generation}).`,
  ];
  if (b.refus.length) lignes.push(`${b.refus.length} rapprochement(s) refusé(s) pour éviter un enchaînement ou par décision manuelle.`);
  return lignes.join('\n');
}

const dedupeFlags = z.object({
  positionals: z.array(z.string()).max(0, 'pas d’argument attendu'),
  'dry-run': z.boolean().optional(),
  report: z.string().min(1).optional(),
  source: z.array(z.string().min(1)).optional(),
  incremental: z.boolean().optional(),
});

export const dedupeCommand: Command = {
  name: 'dedupe',
  summary: 'Dédoublonne toutes les sources et publie le registre fusionné (provenance champ par champ).',
  usage: 'maillage dedupe [--dry-run] [--report FICHIER.json] [--source CLÉ …] [--incremental] (--source : ne recalcule que ce que touchent ces sources et ce qui a changé depuis le dernier passage ; --incremental : seulement ce qui a changé)',
  async run(argv) {
    const flags = parseFlags(argv, { 'dry-run': { type: 'boolean' }, report: { type: 'string' }, source: { type: 'string', multiple: true }, incremental: { type: 'boolean' } }, dedupeFlags);
    const b = barre();
    return withDeps(async (deps) => {
      const bilan = await deps.sources.dedoublonner({
        simulation: flags['dry-run'] ?? false, progression: b.maj, rapport: flags.report !== undefined,
        ...(flags.source ? { sources: flags.source } : {}), ...(flags.incremental ? { incremental: true } : {}),
      });
      b.fin();
      if (flags.report) {
        await writeFile(flags.report, `${JSON.stringify({ ...bilan, date: new Date().toISOString() }, null, 1)}\n`);
        console.error(`Rapport des ${bilan.multiples} regroupements et de leurs explications : ${flags.report}`);
      }
      console.log(rapportTexte(bilan));
      return 0;
    });
  },
};

export const clustersShowCommand: Command = {
  name: 'clusters show',
  summary: 'Affiche un lieu fusionné : fiches d’origine, provenance de chaque champ, paires expliquées.',
  usage: 'maillage clusters show <id de groupe ou uid d’une fiche>',
  async run(argv) {
    const flags = parseFlags(argv, {}, z.object({ positionals: z.array(z.string().min(1)).length(1, 'indiquez un identifiant') }));
    return withDeps(async (deps) => {
      const c = await deps.sources.cluster(flags.positionals[0]!);
      if (!c) {
        console.error(`Aucun lieu fusionné ne correspond à « ${flags.positionals[0]} » (lancez d’abord « maillage dedupe »).`);
        return 1;
      }
      console.log(`Lieu fusionné ${c.cluster.id} — ${c.cluster.taille} fiche(s), génération ${c.generation}`);
      console.log('\nFiches d’origine :');
      for (const m of c.membres) console.log(`  ${m.uid}  [${m.source_cle}] ${m.nom} — ${m.adresse}, ${m.commune} (maj ${m.date_maj})`);
      console.log('\nChamps et provenance :');
      const lieu = c.cluster.lieu;
      for (const [champ, origines] of Object.entries(c.cluster.provenance)) {
        const v = lieu[champ];
        const texte = Array.isArray(v) ? v.join(' | ') : String(v);
        console.log(`  ${champ.padEnd(32)} ${texte.length > 60 ? `${texte.slice(0, 60)}…` : texte}  ← ${origines.map((o) => `${o.source} (${o.date_maj})`).join(', ')}`);
      }
      if (c.paires.length) console.log('\nPaires :');
      for (const p of c.paires) {
        console.log(`  ${p.uid_a} ~ ${p.uid_b} : score ${p.score}`);
        for (const s of p.signaux) console.log(`      ${s.points >= 0 ? '+' : ''}${s.points}  ${s.signal.padEnd(9)} ${s.detail}`);
      }
      return 0;
    });
  },
};

export const clustersDecideCommand: Command = {
  name: 'clusters decide',
  summary: 'Enregistre une décision manuelle : deux fiches sont le même lieu, ou deux lieux différents.',
  usage: 'maillage clusters decide <uid> <uid> meme|different',
  async run(argv) {
    const flags = parseFlags(argv, {}, z.object({
      positionals: z.tuple([z.string().min(1), z.string().min(1), z.enum(['meme', 'different'], { error: 'verdict : meme ou different' })]),
    }));
    const [uidA, uidB, verdict] = flags.positionals;
    return withDeps(async (deps) => {
      try {
        await deps.sources.decider({ uidA, uidB, verdict });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        console.error(`Erreur : ${err.message}`);
        return 1;
      }
      console.log(`Décision enregistrée (${verdict === 'meme' ? 'même lieu' : 'lieux différents'}) ; elle s’appliquera au prochain « maillage dedupe ».`);
      return 0;
    });
  },
};

const importBrutFlags = z.object({
  positionals: z.tuple([z.string().min(1), z.string().min(1)], { error: 'indiquez la source puis le fichier' }),
  'skip-invalid': z.boolean().optional(),
  'dry-run': z.boolean().optional(),
  'sans-dedoublonnage': z.boolean().optional(),
});

export const sourcesImportCommand: Command = {
  name: 'sources import',
  summary: `Importe le fichier brut d’un producteur par sa correspondance déclarée (${SOURCES_BRUTES.map((s) => s.cle).join(', ')}).`,
  usage: 'maillage sources import <source> <fichier.json> [--skip-invalid] [--dry-run] [--sans-dedoublonnage]',
  async run(argv) {
    const flags = parseFlags(argv, { 'skip-invalid': { type: 'boolean' }, 'dry-run': { type: 'boolean' }, 'sans-dedoublonnage': { type: 'boolean' } }, importBrutFlags);
    const [source, fichier] = flags.positionals;
    return withDeps(async (deps) => {
      let b: BilanImportBrut;
      try {
        b = await deps.sources.importerBrut(source, fichier, { ignorerInvalides: flags['skip-invalid'] ?? false, simulation: flags['dry-run'] ?? false });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        console.error(`Erreur : ${err.message}`);
        for (const i of err.details.slice(0, 50)) console.error(decrireIssue(i));
        if (err.details.length > 50) console.error(`  … et ${err.details.length - 50} autre(s)`);
        return 1;
      }
      for (const i of b.issues.slice(0, 50)) console.error(decrireIssue(i));
      console.log(`Source « ${b.source} » : ${b.lues} lignes lues, ${b.ignorees} ignorées (fermées), ${b.rejetees} rejetées, horaires convertis ${b.horairesConvertis}, gardés en texte ${b.horairesTexte}`);
      if (b.import) console.log(`  registre : ${b.import.crees} créés, ${b.import.misAJour} mis à jour, ${b.import.inchanges} inchangés${b.import.simulation ? ' (simulation)' : ''}`);
      if (b.import && !flags['sans-dedoublonnage']) {
        const ligne = await republierApresImport(deps, source, b.import);
        if (ligne) console.log(ligne);
      }
      return 0;
    });
  },
};

export const sourcesListCommand: Command = {
  name: 'sources list',
  summary: 'Liste les sources du registre : nom, producteur, format, licence, dernier import, nombre de fiches.',
  usage: 'maillage sources list',
  async run(argv) {
    parseFlags(argv, {}, z.object({ positionals: z.array(z.string()).max(0, 'pas d’argument attendu') }));
    return withDeps(async (deps) => {
      for (const s of await deps.sources.lister()) {
        console.log(`${s.cle.padEnd(40)} ${String(s.lieux).padStart(7)} fiches  ${s.nom}${s.producteur ? ` (${s.producteur})` : ''} · ${s.format ?? '?'} · ${s.licence ?? 'licence ?'} · ${s.dernier_import?.toISOString().slice(0, 10) ?? 'jamais'}`);
      }
      return 0;
    });
  },
};
