import OpeningHours from 'opening_hours';

/**
 * Opening hours, parsed once per distinct (horaires, zone) and evaluated at a wall-clock time.
 *
 * `opening_hours` reads dates through the local getters of `Date` (getDay, getHours…). To evaluate in the
 * place's own wall time whatever the server's TZ, we hand it a "wall date": a Date whose local fields equal
 * the place's wall clock. Limit: when the server itself runs in a zone with DST, a wall time inside the
 * server's own spring-forward gap is shifted by an hour (run the server in UTC, as containers do).
 */

/** The zone a place lives in: metropolitan France and its holiday variants, and the overseas territories. */
export interface Zone {
  /** IANA time zone. */
  tz: string;
  /** Name `opening_hours` knows for the holiday list (`only_states`); any other name gets the national list. */
  etat: string;
}

const METROPOLE: Zone = { tz: 'Europe/Paris', etat: 'France métropolitaine' };
const ZONES_PARTICULIERES: Record<string, Zone> = {
  '57': { tz: 'Europe/Paris', etat: 'Moselle' },
  '67': { tz: 'Europe/Paris', etat: 'Bas-Rhin' },
  '68': { tz: 'Europe/Paris', etat: 'Haut-Rhin' },
  '971': { tz: 'America/Guadeloupe', etat: 'Guadeloupe' },
  '972': { tz: 'America/Martinique', etat: 'Martinique' },
  '973': { tz: 'America/Cayenne', etat: 'Guyane' },
  '974': { tz: 'Indian/Reunion', etat: 'La Réunion' },
  '975': { tz: 'America/Miquelon', etat: 'Saint-Pierre-et-Miquelon' },
  '976': { tz: 'Indian/Mayotte', etat: 'Mayotte' },
  '977': { tz: 'America/St_Barthelemy', etat: 'Saint-Barthélemy' },
  '978': { tz: 'America/Marigot', etat: 'Saint-Martin' },
  '986': { tz: 'Pacific/Wallis', etat: 'Wallis-et-Futuna' },
  '987': { tz: 'Pacific/Tahiti', etat: 'Polynésie française' },
  '988': { tz: 'Pacific/Noumea', etat: 'Nouvelle-Calédonie' },
};

export function zoneDuDepartement(departement: string | null): Zone {
  return (departement && ZONES_PARTICULIERES[departement]) || METROPOLE;
}

export interface HeureMurale {
  annee: number;
  mois: number; // 1-12
  jour: number;
  heure: number;
  minute: number;
}

const formateurs = new Map<string, Intl.DateTimeFormat>();
function formateur(tz: string): Intl.DateTimeFormat {
  let f = formateurs.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    formateurs.set(tz, f);
  }
  return f;
}

/** The wall clock of `tz` at instant `instant`. */
export function heureMurale(instant: Date, tz: string): HeureMurale {
  const p: Record<string, number> = {};
  for (const part of formateur(tz).formatToParts(instant)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { annee: p.year!, mois: p.month!, jour: p.day!, heure: p.hour!, minute: p.minute! };
}

export function dateMurale(h: HeureMurale): Date {
  return new Date(h.annee, h.mois - 1, h.jour, h.heure, h.minute);
}

/** The instant at which `tz` shows the wall time of `mur` (a wall date): inverse of heureMurale. */
export function instantDepuisMurale(mur: Date, tz: string): Date {
  const voulu = Date.UTC(mur.getFullYear(), mur.getMonth(), mur.getDate(), mur.getHours(), mur.getMinutes());
  let t = voulu;
  // Two fixed-point steps settle the zone offset (also across a DST change).
  for (let i = 0; i < 2; i++) {
    const h = heureMurale(new Date(t), tz);
    const vu = Date.UTC(h.annee, h.mois - 1, h.jour, h.heure, h.minute);
    t += voulu - vu;
  }
  return new Date(t);
}

/** ISO 8601 with the zone's offset, e.g. 2026-07-15T09:00:00+02:00. */
export function isoAvecDecalage(instant: Date, tz: string): string {
  const h = heureMurale(instant, tz);
  const decalage = Math.round((Date.UTC(h.annee, h.mois - 1, h.jour, h.heure, h.minute) - Math.floor(instant.getTime() / 60000) * 60000) / 60000);
  const signe = decalage < 0 ? '-' : '+';
  const abs = Math.abs(decalage);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${h.annee}-${pad(h.mois)}-${pad(h.jour)}T${pad(h.heure)}:${pad(h.minute)}:00${signe}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** One distinct (horaires, zone): parsed lazily, once; null when the string does not parse. */
export class Horaire {
  readonly texte: string;
  readonly zone: Zone;
  private parse: OpeningHours | null | undefined;
  constructor(texte: string, zone: Zone) {
    this.texte = texte;
    this.zone = zone;
  }
  get oh(): OpeningHours | null {
    if (this.parse === undefined) {
      try {
        // lat/lon only feed sun-based times (sunrise…); the holiday list comes from country + state.
        this.parse = new OpeningHours(this.texte, { lat: 46.6, lon: 2.4, address: { country_code: 'fr', state: this.zone.etat } }, { mode: 0, tag_key: 'opening_hours', map_value: false, warnings_severity: 4, locale: 'fr' } as never);
      } catch {
        this.parse = null;
      }
    }
    return this.parse;
  }
  /** Open at the wall date `mur` (already in this zone's wall time). Unknown/unparsable → false. */
  ouvertA(mur: Date): boolean {
    const oh = this.oh;
    if (!oh) return false;
    try {
      return oh.getState(mur);
    } catch {
      return false;
    }
  }
  /** Next opening after `mur` within 8 days, as a wall date; undefined if none or unparsable. */
  prochaineOuverture(mur: Date): Date | undefined {
    const oh = this.oh;
    if (!oh) return undefined;
    try {
      const limite = new Date(mur.getTime() + 8 * 86400000);
      let t: Date | undefined = mur;
      for (let i = 0; i < 40 && t; i++) {
        t = oh.getNextChange(t, limite);
        if (t && oh.getState(t)) return t;
      }
    } catch {
      // A pathological string never breaks a search.
    }
    return undefined;
  }
  /** Open at some point between the two wall dates. */
  ouvertEntre(debut: Date, fin: Date): boolean {
    const oh = this.oh;
    if (!oh) return false;
    try {
      return oh.getOpenIntervals(debut, fin).length > 0;
    } catch {
      return false;
    }
  }
}
