import { Horaire, dateMurale, heureMurale, zoneDuDepartement } from '../recherche/horaires.ts';

/**
 * Opening hours for people: « Ouvert maintenant », « Ouvre mardi à 9 h », and the week as a table — computed
 * in the place's own time zone (Europe/Paris in metropolitan France) with the search module's parser.
 */

const JOURS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'] as const;

const hh = (d: Date) => (d.getMinutes() ? `${d.getHours()} h ${String(d.getMinutes()).padStart(2, '0')}` : `${d.getHours()} h`);

export interface JourHoraires {
  jour: string;
  date: Date;
  aujourdhui: boolean;
  plages: string[];
}

export interface HorairesLisibles {
  /** False when the string does not follow the opening_hours syntax: the raw text is then shown. */
  compris: boolean;
  ouvert: boolean;
  /** « Ouvert jusqu’à 17 h », « Fermé — ouvre lundi à 9 h », or null when unknown. */
  etat: string | null;
  semaine: JourHoraires[];
}

function departementDe(codeInsee: string | null, codePostal: string): string {
  const code = codeInsee ?? codePostal;
  return code.startsWith('97') || code.startsWith('98') ? code.slice(0, 3) : code.slice(0, 2);
}

export function horairesLisibles(texte: string | null, codeInsee: string | null, codePostal: string, instant = new Date()): HorairesLisibles | null {
  if (!texte) return null;
  const zone = zoneDuDepartement(departementDe(codeInsee, codePostal));
  const horaire = new Horaire(texte, zone);
  const oh = horaire.oh;
  if (!oh) return { compris: false, ouvert: false, etat: null, semaine: [] };
  const mur = dateMurale(heureMurale(instant, zone.tz));
  const ouvert = horaire.ouvertA(mur);
  let etat: string | null;
  if (ouvert) {
    let fin: Date | undefined;
    try {
      fin = oh.getNextChange(mur) ?? undefined;
    } catch {
      fin = undefined;
    }
    etat = fin ? `Ouvert maintenant, jusqu’à ${hh(fin)}` : 'Ouvert maintenant';
  } else {
    const prochaine = horaire.prochaineOuverture(mur);
    if (!prochaine) etat = 'Fermé pour les 7 prochains jours';
    else {
      const memeJour = prochaine.toDateString() === mur.toDateString();
      etat = `Fermé — ouvre ${memeJour ? 'aujourd’hui' : JOURS[prochaine.getDay()]} à ${hh(prochaine)}`;
    }
  }
  // The week from Monday, in wall time.
  const lundi = new Date(mur.getFullYear(), mur.getMonth(), mur.getDate() - ((mur.getDay() + 6) % 7));
  const semaine: JourHoraires[] = [];
  for (let i = 0; i < 7; i++) {
    const debut = new Date(lundi.getFullYear(), lundi.getMonth(), lundi.getDate() + i);
    const fin = new Date(lundi.getFullYear(), lundi.getMonth(), lundi.getDate() + i + 1);
    let plages: string[] = [];
    try {
      plages = oh.getOpenIntervals(debut, fin).map(([a, b]) => `${hh(a)} – ${b.getTime() === fin.getTime() ? '24 h' : hh(b)}`);
    } catch {
      plages = [];
    }
    semaine.push({ jour: JOURS[debut.getDay()]!, date: debut, aujourdhui: debut.toDateString() === mur.toDateString(), plages });
  }
  return { compris: true, ouvert, etat, semaine };
}
