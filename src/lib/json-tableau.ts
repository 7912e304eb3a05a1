import { AppError } from '../errors.ts';

export interface ElementJson {
  /** Line (1-based) where the element starts in the file. */
  ligne: number;
  valeur: unknown;
}

const ESPACES = new Set([0x20, 0x09, 0x0a, 0x0d]);

function erreur(message: string, ligne: number, key: string): AppError {
  return new AppError('fichier_invalide', message, [{ key, message, line: ligne }]);
}

/**
 * Streams the elements of a top-level JSON array, one JSON.parse per element, so a 200 MB file never sits
 * whole in memory. The scanner only tracks what it needs to find element boundaries (string, escape,
 * depth); JSON.parse stays the judge of each element's syntax.
 */
export async function* elementsJson(textes: AsyncIterable<string>): AsyncGenerator<ElementJson> {
  let ligne = 1;
  let etat: 'avant' | 'entre' | 'element' | 'apres' = 'avant';
  let profondeur = 0;
  let dansChaine = false;
  let echappe = false;
  let morceaux: string[] = [];
  let ligneElement = 1;
  let attendVirgule = false;

  for await (const texte of textes) {
    let debut = -1; // start of the current element within this chunk
    for (let i = 0; i < texte.length; i++) {
      const c = texte.charCodeAt(i);
      if (c === 0x0a) ligne++;
      if (etat === 'element') {
        if (dansChaine) {
          if (echappe) echappe = false;
          else if (c === 0x5c) echappe = true;
          else if (c === 0x22) dansChaine = false;
          continue;
        }
        if (c === 0x22) dansChaine = true;
        else if (c === 0x7b || c === 0x5b) profondeur++;
        else if ((c === 0x7d || c === 0x5d) && profondeur > 0) profondeur--;
        else if (c === 0x7d) throw erreur('Accolade fermante inattendue dans le tableau JSON.', ligne, 'json_syntax');
        else if (profondeur === 0 && (c === 0x2c || c === 0x5d)) {
          // End of an element: `,` or the array's closing `]`, outside any nested bracket.
          morceaux.push(texte.slice(debut === -1 ? 0 : debut, i));
          yield { ligne: ligneElement, valeur: analyser(morceaux.join(''), ligneElement) };
          morceaux = [];
          debut = -1;
          etat = c === 0x5d ? 'apres' : 'entre';
          attendVirgule = c === 0x2c;
        }
        continue;
      }
      if (ESPACES.has(c)) continue;
      if (etat === 'avant') {
        if (c === 0x5b) {
          etat = 'entre';
          continue;
        }
        if (c === 0x7b) throw erreur('Le JSON doit être un tableau de lieux ([ {…}, {…} ]), pas un objet.', ligne, 'json_not_array');
        throw erreur('Le fichier n’est ni un tableau JSON ni un CSV lisible.', ligne, 'json_not_array');
      }
      if (etat === 'apres') throw erreur('Contenu inattendu après la fin du tableau JSON.', ligne, 'json_trailing');
      // etat === 'entre': between elements
      if (c === 0x5d) {
        if (attendVirgule) throw erreur('Virgule en trop avant la fin du tableau JSON.', ligne, 'json_syntax');
        etat = 'apres';
        continue;
      }
      if (c === 0x2c) {
        throw erreur('Virgule inattendue dans le tableau JSON (élément vide).', ligne, 'json_syntax');
      }
      etat = 'element';
      ligneElement = ligne;
      debut = i;
      // Depth counts the brackets open inside the element; a scalar element stays at 0.
      profondeur = c === 0x7b || c === 0x5b ? 1 : 0;
      dansChaine = c === 0x22;
      echappe = false;
    }
    if (etat === 'element') morceaux.push(texte.slice(debut === -1 ? 0 : debut));
  }
  if (etat === 'avant') throw erreur('Le fichier est vide.', ligne, 'empty_file');
  if ((etat as string) !== 'apres') {
    throw erreur(`Le JSON est tronqué : le tableau n’est pas fermé (fin du fichier à la ligne ${ligne}).`, ligne, 'truncated');
  }
}

function analyser(texte: string, ligne: number): unknown {
  try {
    return JSON.parse(texte);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw erreur(`JSON invalide dans l’élément commençant ligne ${ligne} : ${detail}`, ligne, 'json_syntax');
  }
}
