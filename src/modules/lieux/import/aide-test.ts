// Test helpers for the import: files written from strings in a temp dir, a register on a real engine.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { DatabaseHandle, Engine } from '../../../db/connect.ts';
import { createTerritoiresService } from '../../territoires/territoires.service.ts';
import { createTestDatabase } from '../../../../test/helpers/db.ts';
import { importerFichier, type OptionsImport } from './importer.ts';

export const EXEMPLE_OFFICIEL = path.resolve(import.meta.dirname, '../../../../data/standard/exemple-valide-v1.0.2.csv');

const [entete, ligne] = parse(readFileSync(EXEMPLE_OFFICIEL, 'utf8')) as string[][];
/** The official example's one row, as a field → text map: a valid place to derive variants from. */
export const LIEU_VALIDE: Readonly<Record<string, string>> = Object.fromEntries(entete!.map((c, i) => [c, ligne![i]!]));

export function csv(lignes: Record<string, string | undefined>[], separateur = ',', colonnes = Object.keys(lignes[0]!)): string {
  const cellule = (v: string | undefined) => (v === undefined ? '' : `"${v.replaceAll('"', '""')}"`);
  return [colonnes.join(separateur), ...lignes.map((l) => colonnes.map((c) => cellule(l[c])).join(separateur))].join('\n') + '\n';
}

export function lieu(id: string, autres: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { ...LIEU_VALIDE, id, ...autres };
}

export async function registreDeTest(engine: Engine) {
  const database: DatabaseHandle = await createTestDatabase(engine);
  const territoires = createTerritoiresService();
  const dossier = await mkdtemp(path.join(tmpdir(), 'maillage-import-'));
  let n = 0;
  return {
    database,
    dossier,
    async fichier(contenu: string | Buffer, nom = `f${n++}.csv`): Promise<string> {
      const chemin = path.join(dossier, nom);
      await writeFile(chemin, contenu);
      return chemin;
    },
    importer(chemin: string, options: OptionsImport = {}) {
      return importerFichier({ database, territoires }, chemin, { source: 'essai', fichierRejets: false, ...options });
    },
    async close() {
      await database.close();
      await rm(dossier, { recursive: true, force: true });
    },
  };
}
