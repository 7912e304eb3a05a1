import { dateMurale, heureMurale, type Horaire } from './horaires.ts';

/**
 * "Open now / at / at the weekend" over thousands of places costs one opening_hours evaluation per distinct
 * (horaires, zone) and per asked moment: results are cached per moment (the current minute for "now").
 */

export const JOURS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'] as const;
export type Jour = (typeof JOURS)[number];

export type Moment =
  | { type: 'maintenant' }
  | { type: 'week-end' }
  /** `jour`: a weekday (the next one, today included) or a date YYYY-MM-DD; no `heure` = at some time that day. */
  | { type: 'le'; jour?: Jour | string; heure?: string };

const NON_CALCULE = 0;
const OUVERT = 1;
const FERME = 2;
const CACHES_MAX = 64;

export class CacheOuverture {
  private readonly caches = new Map<string, Uint8Array>();

  /** A predicate over horaire ids for one moment, evaluated lazily and memoised. */
  predicat(horaires: readonly Horaire[], moment: Moment, maintenant: Date): (id: number) => boolean {
    const cle = cleMoment(moment, maintenant);
    let etats = this.caches.get(cle);
    if (!etats || etats.length < horaires.length) {
      const plus = new Uint8Array(Math.max(horaires.length, 16));
      if (etats) plus.set(etats);
      etats = plus;
      if (this.caches.size >= CACHES_MAX) this.caches.delete(this.caches.keys().next().value!);
    } else {
      this.caches.delete(cle); // re-inserted below: most recently used last
    }
    this.caches.set(cle, etats);
    const table = etats;
    const parZone = new Map<string, [Date, Date | null]>();
    return (id: number) => {
      if (id < 0) return false;
      const e = table[id];
      if (e !== NON_CALCULE) return e === OUVERT;
      const h = horaires[id]!;
      let bornes = parZone.get(h.zone.tz);
      if (!bornes) {
        bornes = bornesMoment(moment, maintenant, h.zone.tz);
        parZone.set(h.zone.tz, bornes);
      }
      const ouvert = bornes[1] ? h.ouvertEntre(bornes[0], bornes[1]) : h.ouvertA(bornes[0]);
      table[id] = ouvert ? OUVERT : FERME;
      return ouvert;
    };
  }

  vider(): void {
    this.caches.clear();
  }
}

function cleMoment(m: Moment, maintenant: Date): string {
  const minute = Math.floor(maintenant.getTime() / 60000);
  if (m.type === 'maintenant') return `m|${minute}`;
  if (m.type === 'week-end') return `w|${minute}`;
  return `l|${m.jour ?? ''}|${m.heure ?? ''}|${minute}`;
}

/** The moment as wall dates of `tz`: [instant] or [start, end) for a span. */
export function bornesMoment(m: Moment, maintenant: Date, tz: string): [Date, Date | null] {
  const h = heureMurale(maintenant, tz);
  const aujourdhui = new Date(h.annee, h.mois - 1, h.jour);
  if (m.type === 'maintenant') return [dateMurale(h), null];
  if (m.type === 'week-end') {
    const j = aujourdhui.getDay();
    // This weekend while it lasts (Saturday or Sunday), the next one otherwise.
    const debut = ajouterJours(aujourdhui, j === 6 ? 0 : j === 0 ? -1 : 6 - j);
    return [debut, ajouterJours(debut, 2)];
  }
  let jour = aujourdhui;
  if (m.jour && /^\d{4}-\d{2}-\d{2}$/.test(m.jour)) {
    const [a, mo, d] = m.jour.split('-').map(Number) as [number, number, number];
    jour = new Date(a, mo - 1, d);
  } else if (m.jour) {
    const voulu = JOURS.indexOf(m.jour as Jour);
    let ecart = (voulu - aujourdhui.getDay() + 7) % 7;
    // Today at an hour already past means next week's.
    if (ecart === 0 && m.heure && m.heure < `${pad(h.heure)}:${pad(h.minute)}`) ecart = 7;
    jour = ajouterJours(aujourdhui, ecart);
  }
  if (!m.heure) return [jour, ajouterJours(jour, 1)];
  const [hh, mm] = m.heure.split(':').map(Number) as [number, number];
  return [new Date(jour.getFullYear(), jour.getMonth(), jour.getDate(), hh, mm), null];
}

function ajouterJours(d: Date, n: number): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
