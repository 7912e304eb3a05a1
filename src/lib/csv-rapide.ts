/**
 * A CSV record reader for regular RFC 4180 text, cut with indexOf/slice/split over whole chunks instead of
 * csv-parse's per-character state machine (which was ≈ 30 % of a 100 k-row import, bench:import).
 *
 * It only reads what it can read exactly as csv-parse (delimiter, skip_empty_lines, relax_column_count, no trim)
 * does, line numbers included. Anything else — a quote inside an unquoted cell, text after a closing quote, a
 * bare CR, a newline style different from the header's, an unclosed quote, a blank line or quoted newline before
 * the newline style is known, a CR inside quotes, a quoted newline in a CRLF file — stops it: it returns the rest of the text, from the start of that record, for
 * csv-parse to read (and to report the error, with the same message and line, as before).
 */

export interface Enregistrement {
  cellules: string[];
  /** Line (1-based) where the record starts. */
  ligne: number;
}

/** What is left for csv-parse: the text from the record where the fast reader stopped, with its line. */
export interface Reprise {
  /** Starts with as many (empty) lines as preceded the record, so that csv-parse counts lines as before. */
  reste: AsyncIterable<string>;
}

type FinDeLigne = '\n' | '\r\n';

interface Etat {
  t: string;
  final: boolean;
  fin: FinDeLigne | undefined;
  sep: string;
  /** Next '"' / '\r' at or after the last position asked (-1: none in the rest of `t`); cached so that a file without any stays linear. */
  guillemet: number;
  cr: number;
}

const INCOMPLET = 0;
const IRREGULIER = 1;
type Lu = { cellules: string[] | null; suivant: number; retours: number } | typeof INCOMPLET | typeof IRREGULIER;

/**
 * A cell that does not keep its chunk alive. V8 makes a substring of 13 characters or more a view of the string
 * it was cut from (here a chunk of ≈ 256 K characters): one id kept for the duplicate check, one memoised
 * opening-hours text or one issue's value would then hold a whole chunk, and an import all the file's text.
 * Concatenating first makes V8 copy the characters into a string of the cell's own size.
 */
function copie(cellule: string): string {
  return cellule.length < 13 ? cellule : ` ${cellule}`.slice(1);
}

function prochain(e: Etat, p: number, quoi: 'guillemet' | 'cr'): number {
  const i = e[quoi];
  if (i !== -1 && i < p) e[quoi] = e.t.indexOf(quoi === 'guillemet' ? '"' : '\r', p);
  return e[quoi];
}

/** A record made only of unquoted cells and ended by a newline: one slice and one split. */
function ligneSimple(e: Etat, p: number, nl: number): Lu {
  let finCellules = nl;
  const cr = prochain(e, p, 'cr');
  if (cr !== -1 && cr < nl) {
    if (cr !== nl - 1 || e.fin === '\n') return IRREGULIER;
    e.fin = '\r\n';
    finCellules = nl - 1;
  } else if (e.fin === '\r\n') return IRREGULIER;
  else e.fin = '\n';
  if (finCellules === p) return { cellules: null, suivant: nl + 1, retours: 0 };
  const cellules = e.t.slice(p, finCellules).split(e.sep);
  for (let i = 0; i < cellules.length; i++) cellules[i] = copie(cellules[i]!);
  return { cellules, suivant: nl + 1, retours: 0 };
}

/** Fin d'enregistrement at `p` (just after a cell): the position after the newline, or a failure. */
function finEnregistrement(e: Etat, p: number): number | typeof INCOMPLET | typeof IRREGULIER {
  const c = e.t.charCodeAt(p);
  if (c === 10) {
    if (e.fin === '\r\n') return IRREGULIER;
    e.fin = '\n';
    return p + 1;
  }
  if (c === 13) {
    if (p + 1 >= e.t.length) return e.final ? IRREGULIER : INCOMPLET;
    if (e.t.charCodeAt(p + 1) !== 10 || e.fin === '\n') return IRREGULIER;
    e.fin = '\r\n';
    return p + 2;
  }
  return IRREGULIER;
}

function lireEnregistrement(e: Etat, debut: number): Lu {
  const { t, sep } = e;
  if (e.fin === undefined && (t.charCodeAt(debut) === 10 || t.charCodeAt(debut) === 13)) return IRREGULIER;
  const nl = t.indexOf('\n', debut);
  const g = prochain(e, debut, 'guillemet');
  if (nl !== -1 && (g === -1 || g > nl)) return ligneSimple(e, debut, nl);
  const cellules: string[] = [];
  let retours = 0;
  let p = debut;
  for (;;) {
    if (p >= t.length) {
      if (!e.final) return INCOMPLET;
      cellules.push('');
      return { cellules, suivant: p, retours };
    }
    if (t.charCodeAt(p) === 34) {
      let valeur = '';
      let q = p + 1;
      for (;;) {
        const fermant = t.indexOf('"', q);
        if (fermant === -1) return e.final ? IRREGULIER : INCOMPLET;
        valeur += t.slice(q, fermant);
        if (fermant + 1 >= t.length && !e.final) return INCOMPLET;
        if (t.charCodeAt(fermant + 1) === 34) {
          valeur += '"';
          q = fermant + 2;
          continue;
        }
        p = fermant + 1;
        break;
      }
      // csv-parse counts quoted newlines as lines in its own way for CR and CRLF: only LF is read here.
      if (valeur.includes('\r')) return IRREGULIER;
      for (let i = valeur.indexOf('\n'); i !== -1; i = valeur.indexOf('\n', i + 1)) {
        if (e.fin !== '\n') return IRREGULIER;
        retours++;
      }
      cellules.push(copie(valeur));
      if (p >= t.length) return { cellules, suivant: p, retours };
      if (t.charCodeAt(p) === sep.charCodeAt(0)) {
        p++;
        continue;
      }
      const suivant = finEnregistrement(e, p);
      if (suivant === INCOMPLET || suivant === IRREGULIER) return suivant;
      return { cellules, suivant, retours };
    }
    // Unquoted cell: up to the next separator or newline.
    const s = t.indexOf(sep, p);
    const n = t.indexOf('\n', p);
    const fin = s !== -1 && (n === -1 || s < n) ? s : n;
    if (fin === -1 && !e.final) return INCOMPLET;
    const bout = fin === -1 ? t.length : fin;
    const g2 = prochain(e, p, 'guillemet');
    if (g2 !== -1 && g2 < bout) return IRREGULIER;
    const cr = prochain(e, p, 'cr');
    if (cr !== -1 && cr < bout) {
      // Only the CR of a CRLF that ends the record.
      if (!(fin === n && cr === n - 1)) return IRREGULIER;
      cellules.push(copie(t.slice(p, cr)));
      const suivant = finEnregistrement(e, cr);
      if (suivant === INCOMPLET || suivant === IRREGULIER) return suivant;
      return { cellules, suivant, retours };
    }
    cellules.push(copie(t.slice(p, bout)));
    if (fin === -1) return { cellules, suivant: bout, retours };
    if (fin === s) {
      p = s + 1;
      continue;
    }
    const suivant = finEnregistrement(e, n);
    if (suivant === INCOMPLET || suivant === IRREGULIER) return suivant;
    return { cellules, suivant, retours };
  }
}

async function* reprise(prefixe: string, it: AsyncIterator<string>): AsyncGenerator<string> {
  if (prefixe) yield prefixe;
  for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
}

/**
 * Yields the records of `textes` with their starting line, one array per chunk of text (one await per chunk
 * rather than per record); returns `{ reprise }` when csv-parse must read the rest, `{}` at the end of the text.
 */
export async function* enregistrementsRapides(textes: AsyncIterable<string>, sep: string): AsyncGenerator<Enregistrement[], { reprise?: Reprise }> {
  const it = textes[Symbol.asyncIterator]();
  const e: Etat = { t: '', final: false, fin: undefined, sep, guillemet: 0, cr: 0 };
  let ligne = 1;
  while (!e.final) {
    const r = await it.next();
    if (r.done) e.final = true;
    else e.t += r.value;
    e.guillemet = e.t.indexOf('"');
    e.cr = e.t.indexOf('\r');
    let p = 0;
    let lus: Enregistrement[] = [];
    while (p < e.t.length) {
      const lu = lireEnregistrement(e, p);
      if (lu === INCOMPLET) break;
      if (lu === IRREGULIER) {
        if (lus.length) yield lus;
        // Empty lines in the file's own newline style: csv-parse skips them but counts them.
        const avant = (e.fin ?? '\n').repeat(ligne - 1);
        return { reprise: { reste: reprise(avant + e.t.slice(p), it) } };
      }
      if (lu.cellules) lus.push({ cellules: lu.cellules, ligne });
      ligne += lu.retours + (lu.suivant > 0 && e.t.charCodeAt(lu.suivant - 1) === 10 ? 1 : 0);
      p = lu.suivant;
    }
    if (lus.length) yield lus;
    lus = [];
    e.t = e.t.slice(p);
  }
  return {};
}
