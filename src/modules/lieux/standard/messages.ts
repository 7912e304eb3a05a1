import type { Issue } from '../../../errors.ts';
import { titreChamp } from './schema.ts';
import { cleComparaison } from './texte.ts';

export { cleComparaison };

/** Builds an Issue whose message starts with the field's French title, so a report line reads on its own. */
export function probleme(key: string, champ: string, valeur: unknown, texte: string, ligne?: number): Issue {
  const titre = titreChamp(champ);
  const nomme = titre === champ ? champ : `${titre} (${champ})`;
  const issue: Issue = { key, field: champ, message: `${nomme} : ${texte}` };
  if (ligne !== undefined) issue.line = ligne;
  if (valeur !== undefined && valeur !== null) issue.value = texteDe(valeur);
  return issue;
}

export function texteDe(valeur: unknown): string {
  if (typeof valeur === 'string') return valeur;
  if (Array.isArray(valeur)) return valeur.map(texteDe).join('|');
  if (valeur === null || valeur === undefined) return '';
  if (typeof valeur === 'object') return JSON.stringify(valeur);
  return String(valeur);
}

/** « valeur » with long values cut, so one bad description does not flood the report. */
export function cite(valeur: unknown): string {
  const t = texteDe(valeur);
  return `« ${t.length > 120 ? `${t.slice(0, 117)}…` : t} »`;
}

function levenshtein(a: string, b: string): number {
  let precedente = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const courante = [i];
    for (let j = 1; j <= b.length; j++) {
      courante[j] = Math.min(
        precedente[j]! + 1,
        courante[j - 1]! + 1,
        precedente[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    precedente = courante;
  }
  return precedente[b.length]!;
}

/** The allowed value closest to a wrong one (edit distance on the comparison keys), for « vouliez-vous dire ». */
export function plusProche(valeur: string, possibles: readonly string[]): string | null {
  const cle = cleComparaison(valeur);
  let meilleure: string | null = null;
  let distance = Infinity;
  for (const p of possibles) {
    const d = levenshtein(cle, cleComparaison(p));
    if (d < distance) {
      distance = d;
      meilleure = p;
    }
  }
  // Beyond half the length the "closest" value is noise, not a suggestion.
  return meilleure !== null && distance <= Math.max(3, Math.ceil(cle.length / 2)) ? meilleure : null;
}
