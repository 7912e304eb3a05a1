import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { AppError, type Issue } from '../errors.ts';

export interface LigneCsv {
  /** Line (1-based) where the record starts in the file. */
  ligne: number;
  /** Column name → raw text, or null when the row could not be read (see `issue`). */
  valeurs: Record<string, string> | null;
  issue?: Issue;
}

const SEPARATEURS = [',', ';', '\t'] as const;
export type Separateur = (typeof SEPARATEURS)[number];

/** The separator that appears most often outside quotes on the header line; ',' when none does. */
export function detecterSeparateur(debut: string): Separateur {
  const compte = new Map<string, number>(SEPARATEURS.map((s) => [s, 0]));
  let dansGuillemets = false;
  for (const c of debut) {
    if (c === '"') dansGuillemets = !dansGuillemets;
    else if (!dansGuillemets && (c === '\n' || c === '\r')) break;
    else if (!dansGuillemets && compte.has(c)) compte.set(c, compte.get(c)! + 1);
  }
  let meilleur: Separateur = ',';
  for (const s of SEPARATEURS) if (compte.get(s)! > compte.get(meilleur)!) meilleur = s;
  return meilleur;
}

function erreurFichier(message: string, key: string, line?: number): AppError {
  return new AppError('fichier_invalide', message, [{ key, message, ...(line ? { line } : {}) }]);
}

const NOMS_SEPARATEURS: Record<Separateur, string> = { ',': 'virgule', ';': 'point-virgule', '\t': 'tabulation' };
export const nomSeparateur = (s: Separateur): string => NOMS_SEPARATEURS[s];

/**
 * Streams CSV records as objects keyed by the header line. Nothing is relaxed silently: a row with the
 * wrong number of cells comes back as an unreadable row with its reason; an unclosed quote (typically a
 * truncated file) stops the read with the line number.
 */
export async function* lignesCsv(textes: AsyncIterable<string>, separateur: Separateur): AsyncGenerator<LigneCsv> {
  const source = Readable.from(textes, { objectMode: false, encoding: 'utf8' });
  const parser = source.pipe(parse({ delimiter: separateur, info: true, relax_column_count: true, skip_empty_lines: true, bom: false, trim: false }));
  // pipe() does not forward errors: a decoding error upstream (mixed encodings) must end the read here.
  source.on('error', (err) => parser.destroy(err));
  let entete: string[] | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      // csv-parse reports the line where a record ends; quoted newlines tell us where it started.
      let retours = 0;
      for (const cellule of record) for (let i = cellule.indexOf('\n'); i !== -1; i = cellule.indexOf('\n', i + 1)) retours++;
      const ligne = info.lines - retours;
      if (!entete) {
        entete = lireEntete(record, ligne);
        continue;
      }
      if (record.length === 1 && record[0]!.trim() === '') continue;
      if (record.length !== entete.length) {
        const message =
          record.length < entete.length
            ? `Ligne incomplète : ${record.length} cellules au lieu de ${entete.length} (séparateur « ${NOMS_SEPARATEURS[separateur]} », fichier tronqué ?).`
            : `Ligne trop longue : ${record.length} cellules au lieu de ${entete.length} (séparateur non protégé par des guillemets ?).`;
        yield { ligne, valeurs: null, issue: { key: 'column_count', message, line: ligne } };
        continue;
      }
      const valeurs: Record<string, string> = {};
      for (let i = 0; i < entete.length; i++) valeurs[entete[i]!] = record[i]!;
      yield { ligne, valeurs };
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const e = err as { code?: string; lines?: number; message?: string };
    const ligne = e.lines;
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
      throw erreurFichier(`Guillemet ouvert jamais refermé (jusqu’à la fin du fichier, ligne ${ligne}) : fichier tronqué ?`, 'truncated', ligne);
    }
    if (e.code === 'CSV_INVALID_CLOSING_QUOTE' || e.code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE') {
      throw erreurFichier(`Guillemet mal placé ligne ${ligne} : une cellule entre guillemets doit se terminer par un guillemet suivi du séparateur.`, 'csv_quote', ligne);
    }
    throw erreurFichier(`CSV illisible${ligne ? ` ligne ${ligne}` : ''} : ${e.message ?? String(err)}`, 'csv_syntax', ligne);
  }
  if (!entete) throw erreurFichier('Le fichier est vide.', 'empty_file');
}

function lireEntete(record: string[], ligne: number): string[] {
  const noms = record.map((n) => n.trim());
  const vus = new Set<string>();
  noms.forEach((nom, i) => {
    if (!nom) throw erreurFichier(`La colonne n° ${i + 1} de l’en-tête n’a pas de nom.`, 'header_empty', ligne);
    if (vus.has(nom)) throw erreurFichier(`La colonne « ${nom} » apparaît deux fois dans l’en-tête.`, 'header_duplicate', ligne);
    vus.add(nom);
  });
  return noms;
}
