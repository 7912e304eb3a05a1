import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { AppError, type Issue } from '../errors.ts';
import { enregistrementsRapides } from './csv-rapide.ts';

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
 *
 * Regular RFC 4180 text is cut by the fast reader (csv-rapide.ts, ~5× cheaper than csv-parse's per-character
 * state machine); at the first record it cannot read exactly as csv-parse would (stray quote, bare CR, unclosed
 * quote…), the rest of the file, from that record on, goes to csv-parse, so errors, messages and line numbers
 * stay csv-parse's.
 */
export async function* lignesCsv(textes: AsyncIterable<string>, separateur: Separateur): AsyncGenerator<LigneCsv> {
  let entete: string[] | undefined;
  const lecteur = enregistrementsRapides(textes, separateur);
  for (;;) {
    const r = await lecteur.next();
    if (r.done) {
      if (r.value.reprise) {
        yield* lignesCsvParse(r.value.reprise.reste, separateur, entete);
        return;
      }
      break;
    }
    for (const { cellules, ligne } of r.value) {
      if (!entete) {
        entete = lireEntete(cellules, ligne);
        continue;
      }
      const l = versLigneCsv(cellules, ligne, entete, separateur);
      if (l) yield l;
    }
  }
  if (!entete) throw erreurFichier('Le fichier est vide.', 'empty_file');
}

/** One record → one row (null for a blank line), shared by both readers so that they cannot disagree. */
function versLigneCsv(record: string[], ligne: number, entete: string[], separateur: Separateur): LigneCsv | null {
  if (record.length === 1 && record[0]!.trim() === '') return null;
  if (record.length !== entete.length) {
    const message =
      record.length < entete.length
        ? `Ligne incomplète : ${record.length} cellules au lieu de ${entete.length} (séparateur « ${NOMS_SEPARATEURS[separateur]} », fichier tronqué ?).`
        : `Ligne trop longue : ${record.length} cellules au lieu de ${entete.length} (séparateur non protégé par des guillemets ?).`;
    return { ligne, valeurs: null, issue: { key: 'column_count', message, line: ligne } };
  }
  const valeurs: Record<string, string> = {};
  for (let i = 0; i < entete.length; i++) valeurs[entete[i]!] = record[i]!;
  return { ligne, valeurs };
}

/**
 * The csv-parse reader: what the fast reader hands over (the header it already read, if any). Exported for the
 * tests that compare both readers.
 */
export async function* lignesCsvParse(textes: AsyncIterable<string>, separateur: Separateur, enteteLue?: string[]): AsyncGenerator<LigneCsv> {
  const source = Readable.from(textes, { objectMode: false, encoding: 'utf8' });
  const parser = source.pipe(
    parse({ delimiter: separateur, info: true, relax_column_count: true, skip_empty_lines: true, bom: false, trim: false }),
  );
  // pipe() does not forward errors: a decoding error upstream (mixed encodings) must end the read here.
  source.on('error', (err) => parser.destroy(err));
  let entete = enteteLue;
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
      const l = versLigneCsv(record, ligne, entete, separateur);
      if (l) yield l;
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
