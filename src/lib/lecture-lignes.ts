import type { Issue } from '../errors.ts';
import { AppError } from '../errors.ts';
import { detecterSeparateur, lignesCsv, type Separateur } from './csv-flux.ts';
import { elementsJson } from './json-tableau.ts';
import { jeterUnOeil, ouvrirTexte, type TexteFichier } from './lecture-fichier.ts';

export interface LigneBrute {
  ligne: number;
  /** Field name → raw value (strings for CSV, any JSON value for JSON), or null when unreadable. */
  valeurs: Record<string, unknown> | null;
  issue?: Issue;
}

export interface FichierLignes {
  readonly type: 'csv' | 'json';
  readonly separateur?: Separateur;
  readonly texte: TexteFichier;
  readonly lignes: AsyncIterable<LigneBrute>;
}

/**
 * Opens a CSV or JSON file of records, the kind decided by content (not by the file name): JSON when the
 * first non-blank character is `[` or `{`, CSV otherwise, with the separator read from the header line.
 */
export async function ouvrirLignes(chemin: string): Promise<FichierLignes> {
  const texte = await ouvrirTexte(chemin);
  // Enough to see the first significant character and the whole header line.
  const { debut, textes } = await jeterUnOeil(texte.textes, (d) => /\S/.test(d) && d.includes('\n'));
  const premier = debut.trimStart()[0];
  if (premier === undefined) {
    throw new AppError('fichier_invalide', 'Le fichier est vide.', [{ key: 'empty_file', message: 'Le fichier est vide.' }]);
  }
  if (premier === '[' || premier === '{') {
    return { type: 'json', texte, lignes: lignesJson(textes) };
  }
  const separateur = detecterSeparateur(debut.trimStart());
  return { type: 'csv', separateur, texte, lignes: lignesCsv(textes, separateur) };
}

async function* lignesJson(textes: AsyncIterable<string>): AsyncGenerator<LigneBrute> {
  for await (const { ligne, valeur } of elementsJson(textes)) {
    if (valeur === null || typeof valeur !== 'object' || Array.isArray(valeur)) {
      const message = 'Chaque élément du tableau JSON doit être un objet { "champ": valeur }.';
      yield { ligne, valeurs: null, issue: { key: 'json_not_object', message, line: ligne, value: JSON.stringify(valeur)?.slice(0, 80) } };
      continue;
    }
    yield { ligne, valeurs: valeur as Record<string, unknown> };
  }
}
