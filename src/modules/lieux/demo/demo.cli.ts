import { z } from 'zod';
import { parseFlags, withDeps, type Command } from '../../../cli/command.ts';
import { GRAINE_PAR_DEFAUT, LIBELLE_SOURCE_DEMO, SOURCE_DEMO, TAILLE_PAR_DEFAUT } from './demo.generateur.ts';
import { seedDemo } from './demo.service.ts';

// parseFlags prefixes each message with the option's name (« size : au moins 1 »).
const entier = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d[\d_]*$/, 'un nombre entier est attendu (ex. 100000 ou 100_000)')
    .transform((v) => Number(v.replaceAll('_', '')))
    .pipe(z.number().int().min(min, `au moins ${min}`).max(max, `au plus ${max.toLocaleString('fr-FR')}`));

const drapeaux = z.object({
  positionals: z.array(z.string()).max(0, 'aucun argument attendu en dehors des options'),
  size: entier(1, 1_000_000).default(TAILLE_PAR_DEFAUT),
  seed: entier(0, 0xffffffff).default(GRAINE_PAR_DEFAUT),
});

export const seedDemoCommand: Command = {
  name: 'seed-demo',
  summary: 'Régénère le registre de démonstration (données fictives) à la taille voulue.',
  usage: `maillage seed-demo [--size N (1 à 1 000 000, défaut ${TAILLE_PAR_DEFAUT})] [--seed S (défaut ${GRAINE_PAR_DEFAUT})]`,
  async run(argv) {
    const flags = parseFlags(argv, { size: { type: 'string' }, seed: { type: 'string' } }, drapeaux);
    return withDeps(async (deps) => {
      const bilan = await seedDemo(
        { database: deps.database, territoires: deps.territoires, logger: deps.logger },
        { taille: flags.size, graine: flags.seed },
      );
      console.log(
        `Source « ${SOURCE_DEMO} » (${LIBELLE_SOURCE_DEMO}) : ${bilan.supprimes} lieux retirés, ${bilan.inseres} générés ` +
          `(graine ${bilan.graine}) en ${(bilan.dureeMs / 1000).toFixed(1)} s. Les autres sources ne sont pas modifiées.`,
      );
      return 0;
    });
  },
};
