import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { parseFlags, withDeps, type Command } from '../../cli/command.ts';
import { republierApresImport } from '../../cli/republier.ts';
import { AppError, type Issue } from '../../errors.ts';
import type { BilanImport } from './import/importer.ts';
import { barreProgression } from './import/progression.ts';
import { FORMATS_EXPORT } from './lieux.export.ts';

const MAX_AFFICHES = 50;

export function decrireIssue(i: Issue): string {
  const ou = [i.line ? `ligne ${i.line}` : '', i.field ? `champ ${i.field}` : ''].filter(Boolean).join(', ');
  const valeur = i.value !== undefined ? ` (valeur « ${i.value.length > 60 ? `${i.value.slice(0, 60)}…` : i.value} »)` : '';
  return `  ${ou ? `${ou} : ` : ''}${i.message}${valeur} [${i.key}]`;
}

function resume(b: BilanImport): string {
  const etat = b.ecrit ? (b.simulation ? 'simulation' : 'écrit') : b.simulation ? 'simulation, rien écrit' : 'rien écrit';
  return [
    `Import de ${b.fichier} (source « ${b.source} », ${b.type.toUpperCase()}, format ${b.format ?? 'inconnu'}, ${b.encodage}) — ${etat}`,
    `  lus : ${b.lus} · créés : ${b.crees} · mis à jour : ${b.misAJour} · inchangés : ${b.inchanges} · rejetés : ${b.rejetes} · avertissements : ${b.nbAvertissements} · ${(b.dureeMs / 1000).toFixed(1)} s`,
  ].join('\n');
}

const importFlags = z.object({
  positionals: z.array(z.string()).length(1, 'indiquez un seul fichier à importer'),
  source: z.string().min(1).optional(),
  'skip-invalid': z.boolean().optional(),
  'dry-run': z.boolean().optional(),
  rejets: z.string().min(1).optional(),
  'sans-dedoublonnage': z.boolean().optional(),
});

export const importCommand: Command = {
  name: 'import',
  summary: 'Importe un fichier de lieux (CSV ou JSON, standard v1, v0.1 ou conseillers numériques) dans le registre.',
  usage: 'maillage import <fichier> [--source NOM] [--skip-invalid] [--dry-run] [--rejets FICHIER] [--sans-dedoublonnage]',
  async run(argv) {
    const flags = parseFlags(argv, { source: { type: 'string' }, 'skip-invalid': { type: 'boolean' }, 'dry-run': { type: 'boolean' }, rejets: { type: 'string' }, 'sans-dedoublonnage': { type: 'boolean' } }, importFlags);
    const fichier = flags.positionals[0]!;
    const barre = barreProgression();
    return withDeps(async (deps) => {
      let bilan: BilanImport;
      try {
        bilan = await deps.lieux.importer(fichier, {
          ...(flags.source ? { source: flags.source } : {}),
          ...(flags.rejets ? { fichierRejets: flags.rejets } : {}),
          ignorerInvalides: flags['skip-invalid'] ?? false,
          simulation: flags['dry-run'] ?? false,
          onProgression: barre.maj,
        });
      } catch (err) {
        barre.fin();
        if (!(err instanceof AppError)) throw err;
        console.error(`Erreur : ${err.message}`);
        for (const i of err.details) if (i.message !== err.message || i.line) console.error(decrireIssue(i));
        console.error('Rien n’a été écrit.');
        return 1;
      }
      barre.fin();
      if (bilan.nbIssues) {
        console.error(`${bilan.rejetes} ligne(s) rejetée(s), ${bilan.nbIssues} problème(s)${bilan.nbIssues > MAX_AFFICHES ? ` (les ${MAX_AFFICHES} premiers)` : ''} :`);
        for (const i of bilan.issues.slice(0, MAX_AFFICHES)) console.error(decrireIssue(i));
        if (bilan.fichierRejets) console.error(`Liste complète : ${bilan.fichierRejets}`);
        if (!bilan.ecrit && !bilan.simulation) console.error('Rien n’a été écrit : corrigez ces lignes, ou relancez avec --skip-invalid pour écrire les lignes valides.');
      }
      console.log(resume(bilan));
      if (!flags['sans-dedoublonnage']) {
        const ligne = await republierApresImport(deps, bilan.source, bilan);
        if (ligne) console.log(ligne);
      }
      // 1 when rows were rejected and nothing could be kept (also for a dry run that would have failed).
      return bilan.rejetes > 0 && !flags['skip-invalid'] ? 1 : 0;
    });
  },
};

const exportFlags = z.object({
  positionals: z.array(z.string()).max(0, 'pas d’argument attendu (utilisez --out FICHIER)'),
  format: z.enum(FORMATS_EXPORT, { error: 'format : csv, json ou geojson' }).default('csv'),
  out: z.string().min(1).optional(),
});

export const exportCommand: Command = {
  name: 'export',
  summary: 'Exporte tout le registre au format du standard (CSV), en JSON ou en GeoJSON.',
  usage: 'maillage export [--format csv|json|geojson] [--out FICHIER]',
  async run(argv) {
    const flags = parseFlags(argv, { format: { type: 'string' }, out: { type: 'string' } }, exportFlags);
    return withDeps(async (deps) => {
      const sortie = flags.out ? createWriteStream(flags.out) : process.stdout;
      try {
        await pipeline(Readable.from(deps.lieux.exporter(flags.format)), sortie);
      } catch (err) {
        // `maillage export | head`: the reader left; that is not a failure of the export.
        if ((err as { code?: string }).code === 'EPIPE') return 0;
        throw err;
      }
      if (flags.out) console.error(`Registre exporté en ${flags.format.toUpperCase()} : ${flags.out} (${await deps.lieux.compter()} lieux)`);
      return 0;
    });
  },
};
