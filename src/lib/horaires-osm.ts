/**
 * Opening hours typed day by day (« 9h-12h, 14h-17h ») → the OSM opening_hours syntax the standard requires
 * (« Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00 »). Consecutive days with the same hours are grouped;
 * an empty day is closed. The result is then checked by the register's validation like any imported value.
 */
export const JOURS = [
  ['Mo', 'Lundi'], ['Tu', 'Mardi'], ['We', 'Mercredi'], ['Th', 'Jeudi'], ['Fr', 'Vendredi'], ['Sa', 'Samedi'], ['Su', 'Dimanche'],
] as const;
export type Jour = (typeof JOURS)[number][0];

export class HorairesInvalides extends Error {
  readonly jour: Jour;
  constructor(jour: Jour, message: string) {
    super(message);
    this.jour = jour;
  }
}

const HEURE = String.raw`(\d{1,2})(?:\s*[h:.]\s*(\d{2})?)?`;
const PLAGE = new RegExp(`^${HEURE}\\s*(?:-|–|à|a)\\s*${HEURE}$`, 'i');

function heure(h: string, m: string | undefined): string | undefined {
  const hh = Number(h);
  const mm = m === undefined ? 0 : Number(m);
  if (hh > 24 || mm > 59 || (hh === 24 && mm > 0)) return undefined;
  return `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`;
}

/** One day's text → « 09:00-12:00,14:00-17:00 », or null when empty. */
export function plagesDuJour(jour: Jour, texte: string): string | null {
  const t = texte.trim();
  if (!t) return null;
  const plages = t.split(/\s*(?:,|;|\bet\b|\/)\s*/i).filter(Boolean).map((p) => {
    const m = PLAGE.exec(p.trim());
    const debut = m && heure(m[1]!, m[2]);
    const fin = m && heure(m[3]!, m[4]);
    if (!debut || !fin || debut >= fin) throw new HorairesInvalides(jour, `« ${p} » : écrivez une plage comme 9h-12h ou 14:00-17:30`);
    return `${debut}-${fin}`;
  });
  return plages.join(',');
}

export function horairesOsm(parJour: Partial<Record<Jour, string>>): string | null {
  const jours = JOURS.map(([j]) => ({ j, p: plagesDuJour(j, parJour[j] ?? '') }));
  const groupes: string[] = [];
  for (let i = 0; i < jours.length; ) {
    const p = jours[i]!.p;
    let k = i;
    while (k + 1 < jours.length && jours[k + 1]!.p === p) k++;
    if (p) groupes.push(`${k > i ? `${jours[i]!.j}-${jours[k]!.j}` : jours[i]!.j} ${p}`);
    i = k + 1;
  }
  return groupes.length ? groupes.join('; ') : null;
}
