/**
 * Free-text French opening hours → OpenStreetMap opening_hours, for the common shapes producers write:
 * « Les lundi, mardi, jeudi et vendredi de 09h00 à 17h00 », « Du lundi au vendredi 9h-12h / 14h-17h »,
 * « mardi de 10h à 12h, le mardi de 14h à 16h », « Mercredi de 14 à 18h ».
 * Anything else (« sur rendez-vous », « matin », « 1er samedi du mois »…) is refused with its reason: the text is
 * then kept as it was, out of the standard's field (docs/dedoublonnage.md, « Sources brutes »). A result is
 * only returned if the opening_hours library reads it without error.
 */
import OpeningHours from 'opening_hours';
import { normaliserTexte } from '../../../lib/texte.ts';

export type LectureHoraires = { ok: true; osm: string } | { ok: false; raison: string };

const JOURS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;
const OSM = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;
/** Words that only link the parts of a sentence. */
const LIENS = new Set(['et', 'de', 'du', 'le', 'les', 'l', 'puis', 'd', 'ouvert', 'horaires', 'des', 'tous']);

type Jeton = { t: 'jour'; j: number } | { t: 'heure'; min: number; explicite: boolean } | { t: 'au' } | { t: 'a' } | { t: 'sep' };

function jetons(texte: string): Jeton[] | string {
  // normaliserTexte drops ':' and '-': mark them first so that "09:00-12:00" and "9h-12h" survive.
  const prepare = texte.toLowerCase().replace(/(\d)\s*[:h]\s*(\d{2})/g, '$1 h $2 ').replace(/(\d)\s*h\b/g, '$1 h ')
    .replace(/(\d|h)\s*[-–]\s*(\d)/g, '$1 a $2').replace(/[/;,.]/g, ' sep ');
  const mots = normaliserTexte(prepare).split(' ').filter(Boolean);
  const sortie: Jeton[] = [];
  for (let i = 0; i < mots.length; i++) {
    const m = mots[i]!;
    const jour = JOURS.findIndex((j) => m === j || m === `${j}s`);
    if (jour >= 0) sortie.push({ t: 'jour', j: jour });
    else if (m === 'semaine' && mots[i - 1] === 'la') sortie.push({ t: 'jour', j: 0 }, { t: 'au' }, { t: 'jour', j: 4 });
    else if (m === 'jours' && mots[i - 1] === 'tous') sortie.push({ t: 'jour', j: 0 }, { t: 'au' }, { t: 'jour', j: 6 });
    else if (m === 'la' && mots[i + 1] === 'semaine') continue;
    else if (/^\d{1,2}$/.test(m)) {
      let min = Number(m) * 60;
      let explicite = false;
      if (mots[i + 1] === 'h') {
        explicite = true;
        i++;
        if (/^\d{2}$/.test(mots[i + 1] ?? '')) min += Number(mots[++i]);
      }
      if (min > 24 * 60) return `heure impossible « ${m} »`;
      sortie.push({ t: 'heure', min, explicite });
    } else if (m === 'au') sortie.push({ t: 'au' });
    else if (m === 'a' || m === 'jusqu') sortie.push({ t: 'a' });
    else if (m === 'sep') sortie.push({ t: 'sep' });
    else if (!LIENS.has(m)) return `mot non reconnu « ${m} »`;
  }
  return sortie;
}

const hhmm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

export function horairesVersOsm(texte: string): LectureHoraires {
  const lus = jetons(texte);
  if (typeof lus === 'string') return { ok: false, raison: lus };
  const plages: [number, number][][] = JOURS.map(() => []);
  let jours: number[] = [];
  let attribue = false;
  for (let i = 0; i < lus.length; i++) {
    const x = lus[i]!;
    if (x.t === 'jour') {
      if (attribue) {
        jours = [];
        attribue = false;
      }
      const avant = lus[i - 1];
      if (avant?.t === 'au' && jours.length) {
        for (let j = jours[jours.length - 1]! + 1; j <= x.j; j++) jours.push(j);
      } else jours.push(x.j);
    } else if (x.t === 'heure') {
      const a = lus[i + 1];
      const fin = lus[i + 2];
      if (a?.t !== 'a' || fin?.t !== 'heure') return { ok: false, raison: 'heure isolée (attendu : « de 9h à 12h »)' };
      if (!x.explicite && !fin.explicite) return { ok: false, raison: 'nombres sans « h » : heures incertaines' };
      if (jours.length === 0) return { ok: false, raison: 'heures sans jour' };
      if (fin.min <= x.min) return { ok: false, raison: `plage ${hhmm(x.min)}-${hhmm(fin.min)} à l’envers` };
      for (const j of jours) plages[j]!.push([x.min, fin.min]);
      attribue = true;
      i += 2;
    } else if (x.t === 'au' || x.t === 'a') {
      if (lus[i + 1]?.t !== 'jour') return { ok: false, raison: '« au » / « à » mal placé' };
    }
  }
  if (plages.every((p) => p.length === 0)) return { ok: false, raison: 'aucune plage horaire reconnue' };
  // Days with the same ranges are written together ("Mo,Tu,Th 09:00-12:00"), runs of 3+ days as "Mo-Fr".
  const groupes = new Map<string, number[]>();
  for (let j = 0; j < plages.length; j++) {
    // The same range said twice is one range; two different ranges that overlap contradict each other.
    const p = plages[j]!.sort((a, b) => a[0] - b[0] || a[1] - b[1]).filter((x, k, t) => k === 0 || x[0] !== t[k - 1]![0] || x[1] !== t[k - 1]![1]);
    for (let k = 1; k < p.length; k++) if (p[k]![0] < p[k - 1]![1]) return { ok: false, raison: `plages contradictoires le ${JOURS[j]}` };
    plages[j] = p;
  }
  plages.forEach((p, j) => {
    if (!p.length) return;
    const cle = p.map(([d, f]) => `${hhmm(d)}-${hhmm(f)}`).join(',');
    groupes.set(cle, [...(groupes.get(cle) ?? []), j]);
  });
  const regles = [...groupes].sort((a, b) => a[1][0]! - b[1][0]!).map(([heures, js]) => `${joursOsm(js)} ${heures}`);
  const osm = regles.join('; ');
  try {
    new OpeningHours(osm, null, 0);
  } catch {
    return { ok: false, raison: `résultat refusé par opening_hours « ${osm} »` };
  }
  return { ok: true, osm };
}

function joursOsm(js: number[]): string {
  const parties: string[] = [];
  for (let k = 0; k < js.length; ) {
    let f = k;
    while (f + 1 < js.length && js[f + 1] === js[f]! + 1) f++;
    if (f - k >= 2) parties.push(`${OSM[js[k]!]}-${OSM[js[f]!]}`);
    else for (let x = k; x <= f; x++) parties.push(OSM[js[x]!]!);
    k = f + 1;
  }
  return parties.join(',');
}
