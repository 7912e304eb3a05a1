import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { AppError, type Issue } from '../errors.ts';

export type Encodage = 'utf-8' | 'windows-1252';

/** A file opened for streaming: decoded text chunks plus what was learnt while decoding. */
export interface TexteFichier {
  readonly taille: number;
  /** Decoded text, BOM removed. Iterate once. */
  readonly textes: AsyncIterable<string>;
  /** Bytes read so far (progress bar). */
  octetsLus(): number;
  /** Known once the first non-ASCII byte has been met; 'utf-8' for a pure-ASCII file. */
  encodage(): Encodage;
  /** Filled while reading (e.g. the Latin-1 conversion). */
  readonly avertissements: Issue[];
}

function erreur(message: string, key: string, line?: number): AppError {
  return new AppError('fichier_invalide', message, [{ key, message, ...(line ? { line } : {}) }]);
}

/**
 * Opens a file as UTF-8 text, streamed. A UTF-8 BOM is removed; a UTF-16 file is refused (re-save in UTF-8).
 * Encoding is decided at the first non-ASCII chunk: valid UTF-8 stays UTF-8, anything else is decoded as
 * windows-1252 (the superset of Latin-1 that Excel writes) with a warning. After that decision a chunk that
 * does not fit is an error, not a silent mojibake.
 */
export async function ouvrirTexte(chemin: string): Promise<TexteFichier> {
  let taille: number;
  try {
    taille = (await stat(chemin)).size;
  } catch {
    throw erreur(`Fichier introuvable ou illisible : ${chemin}`, 'file_not_found');
  }
  if (taille === 0) throw erreur('Le fichier est vide.', 'empty_file');
  let lus = 0;
  let encodage: Encodage | undefined;
  const avertissements: Issue[] = [];

  async function* textes(): AsyncGenerator<string> {
    const flux = createReadStream(chemin, { highWaterMark: 256 * 1024 });
    let utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    let latin1: TextDecoder | undefined;
    let premier = true;
    let ligne = 1;
    for await (const morceau of flux as AsyncIterable<Buffer>) {
      lus += morceau.length;
      let octets = morceau;
      if (premier) {
        premier = false;
        if ((octets[0] === 0xff && octets[1] === 0xfe) || (octets[0] === 0xfe && octets[1] === 0xff)) {
          throw erreur('Le fichier est en UTF-16 : enregistrez-le en UTF-8 (CSV UTF-8 dans Excel).', 'encoding_utf16', 1);
        }
        if (octets[0] === 0xef && octets[1] === 0xbb && octets[2] === 0xbf) octets = octets.subarray(3);
        if (octets.includes(0)) {
          throw erreur('Le fichier contient des octets nuls : ce n’est pas un texte UTF-8 (UTF-16 ou binaire ?).', 'encoding_binary', 1);
        }
      }
      let texte: string;
      if (latin1) texte = latin1.decode(octets, { stream: true });
      else if (encodage === undefined && isAscii(octets)) texte = utf8.decode(octets, { stream: true });
      else {
        try {
          texte = utf8.decode(octets, { stream: true });
          encodage = 'utf-8';
        } catch {
          if (encodage === 'utf-8') {
            throw erreur(`Octets invalides en UTF-8 vers la ligne ${ligne} : le fichier mélange des encodages. Enregistrez-le en UTF-8.`, 'encoding_invalid', ligne);
          }
          // Everything before was ASCII, so switching decoder here loses nothing.
          encodage = 'windows-1252';
          latin1 = new TextDecoder('windows-1252');
          utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
          texte = latin1.decode(octets, { stream: true });
          avertissements.push({ key: 'encoding_latin1', message: 'Fichier en Latin-1 (windows-1252) converti en UTF-8 : vérifiez les accents.' });
        }
      }
      for (let i = texte.indexOf('\n'); i !== -1; i = texte.indexOf('\n', i + 1)) ligne++;
      if (texte) yield texte;
    }
    try {
      const fin = (latin1 ?? utf8).decode();
      if (fin) yield fin;
    } catch {
      throw erreur(`Le fichier se termine au milieu d’un caractère UTF-8 (ligne ${ligne}) : fichier tronqué ?`, 'truncated', ligne);
    }
  }

  return { taille, textes: textes(), octetsLus: () => lus, encodage: () => encodage ?? 'utf-8', avertissements };
}

/**
 * Lets a reader look at the beginning of a text stream (format and separator sniffing) and then read it whole.
 */
export async function jeterUnOeil(textes: AsyncIterable<string>, auMoins: (debut: string) => boolean): Promise<{ debut: string; textes: AsyncIterable<string> }> {
  const it = textes[Symbol.asyncIterator]();
  const lus: string[] = [];
  let debut = '';
  while (!auMoins(debut)) {
    const r = await it.next();
    if (r.done) break;
    lus.push(r.value);
    debut += r.value;
  }
  async function* suite(): AsyncGenerator<string> {
    yield* lus;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  return { debut, textes: suite() };
}
