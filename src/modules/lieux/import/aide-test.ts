// Test helpers for the import: files written from strings in a temp dir, a register on a real engine.
import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
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

/**
 * Writes a large valid file (the official example's row with distinct ids, names and phones) as CSV or as a
 * JSON array, streamed to disk so the test itself stays small in memory. Returns the file's size in bytes.
 */
export async function ecrireGrosFichier(chemin: string, nbLignes: number, format: 'csv' | 'json' = 'csv'): Promise<number> {
  const flux = createWriteStream(chemin);
  const colonnes = Object.keys(LIEU_VALIDE);
  let octets = 0;
  const ecrire = async (s: string) => {
    octets += Buffer.byteLength(s);
    if (!flux.write(s)) await once(flux, 'drain');
  };
  await ecrire(format === 'csv' ? `${colonnes.join(',')}\n` : '[\n');
  for (let i = 0; i < nbLignes; i += 100) {
    const lot = Array.from({ length: Math.min(100, nbLignes - i) }, (_, k) => lieu(`gros-${i + k}`, { nom: `Lieu numéro ${i + k}`, telephone: `+3318005${String((i + k) % 10000).padStart(4, '0')}` }));
    if (format === 'csv') await ecrire(csv(lot, ',', colonnes).split('\n').slice(1).join('\n'));
    else await ecrire(`${i ? ',\n' : ''}${lot.map((l) => JSON.stringify(l, null, 1)).join(',\n')}`);
  }
  if (format === 'json') await ecrire('\n]\n');
  flux.end();
  await once(flux, 'finish');
  return octets;
}
