import { z } from 'zod';
import { parseFlags, UsageError, type Command } from '../../cli/command.ts';
import { createTerritoiresService } from './territoires.service.ts';
import type { Commune, TerritoiresService } from './territoires.ts';

const flags = z.object({
  limite: z.coerce.number().int().min(1, 'au moins 1').max(100, 'au plus 100').default(10),
  positionals: z.array(z.string()),
});

/** One line per commune: code, name, postcodes, département — tab-separated so it pipes into cut/awk. */
export function formaterCommune(c: Commune, territoires: TerritoiresService): string {
  const departement = territoires.departement(c.departement);
  return [c.code, c.nom, c.codesPostaux.join(' ') || '-', departement ? `${departement.code} ${departement.nom}` : c.departement].join('\t');
}

export const communesCommand: Command = {
  name: 'communes',
  summary: 'Cherche une commune par nom (approché), code postal ou code INSEE.',
  usage: 'maillage communes <texte> [--limite 10]   ex. : maillage communes "st etienne", maillage communes 16100',
  async run(argv) {
    const { limite, positionals } = parseFlags(argv, { limite: { type: 'string' } }, flags);
    const texte = positionals.join(' ').trim();
    if (!texte) throw new UsageError('indiquez un nom, un code postal ou un code INSEE');
    // Reference data only: no database needed, so no boot (and no migration) for a lookup.
    const territoires = createTerritoiresService();
    const trouvees = territoires.rechercherCommunes(texte, limite);
    if (!trouvees.length) {
      console.error(`Aucune commune ne correspond à « ${texte} ».`);
      return 1;
    }
    for (const c of trouvees) console.log(formaterCommune(c, territoires));
    return 0;
  },
};
