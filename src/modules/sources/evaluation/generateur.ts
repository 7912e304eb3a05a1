/**
 * A labelled synthetic set for the dedupe: "true places" from the demo generator, each published by one to four
 * of five fictitious sources, each source with its own habits (capitals, abbreviations, national phone numbers,
 * spaced SIRET, missing or jittered coordinates, older dates), plus typos. Deterministic for a given seed.
 * The truth (which records are the same place) is returned beside the records; the matcher never sees it.
 *
 * Two true places of one commune with indistinguishable names ("Mairie de X" twice) are not kept: a real register
 * does not have them, and no matcher could tell them apart; keeping them would measure the generator, not the
 * matcher.
 */
import { normaliserTexte } from '../../../lib/texte.ts';
import { genererLieuxDemo, type CommuneDemo } from '../../lieux/demo/demo.generateur.ts';
import { creerAleatoire, type Aleatoire } from '../../../lib/prng.ts';
import type { LieuStandard } from '../../lieux/standard/index.ts';
import { analyserNom } from '../dedupe/normalisation.ts';
import type { LieuSource } from '../dedupe/types.ts';

export const SOURCES_SYNTHETIQUES = ['cnfs', 'france-services', 'aidants-connect', 'departement', 'hub'] as const;

export interface JeuSynthetique {
  lieux: LieuSource[];
  /** verite[k] = the true place of lieux[k]. */
  verite: Int32Array;
  lieuxVrais: number;
}

export interface OptionsJeu {
  /** Number of records wanted (all sources together). */
  total: number;
  graine: number;
  reference?: Date;
}

/** How many sources publish a place: most places are known to one or two producers. */
const COPIES: readonly (readonly [number, number])[] = [[1, 45], [2, 33], [3, 15], [4, 7]];

export function genererJeuSynthetique(options: OptionsJeu, communes: readonly CommuneDemo[]): JeuSynthetique {
  const alea = creerAleatoire(options.graine ^ 0x5eed);
  const reference = options.reference ?? new Date('2026-11-24T00:00:00Z');
  const lieux: LieuSource[] = [];
  const verite: number[] = [];
  const vus = new Set<string>();
  let vrai = 0;
  // The demo generator spreads places by population; ask for more than needed and stop at the target.
  for (const demo of genererLieuxDemo({ taille: options.total, graine: options.graine, reference }, communes)) {
    if (lieux.length >= options.total) break;
    let base = demo;
    let cle = cleNom(base);
    // A second "Mairie de X" becomes an annex with its own name (real registers have those); if even that is
    // taken, the place is dropped.
    if (vus.has(cle)) {
      base = { ...demo, nom: `${demo.nom} – ${alea.choisir(ANNEXES)}` };
      cle = cleNom(base);
      if (vus.has(cle)) continue;
    }
    vus.add(cle);
    const copies = Math.min(alea.pondere(COPIES), options.total - lieux.length);
    const sources = [...SOURCES_SYNTHETIQUES].sort(() => alea.reel() - 0.5).slice(0, copies);
    // 2 % of records are published twice by the same source (a hub that imported the same file twice).
    if (alea.chance(0.02) && lieux.length + sources.length < options.total) sources.push(sources[0]!);
    sources.forEach((source, rang) => {
      lieux.push(copier(alea, base, source, rang, lieux.length));
      verite.push(vrai);
    });
    vrai++;
  }
  return { lieux, verite: Int32Array.from(verite), lieuxVrais: vrai };
}

const ANNEXES = ['annexe Nord', 'annexe Sud', 'site de la Gare', 'antenne Centre', 'site Est', 'site Ouest', 'antenne du Bourg', 'annexe des Prés', 'site Saint-Jean', 'antenne Les Hauts'];

function cleNom(l: LieuStandard): string {
  const nom = analyserNom(l.nom, l.commune);
  return `${l.code_insee}|${nom.types.join(',')}|${nom.propres.join(' ')}`;
}

const ABREVIATIONS_ADRESSE: readonly (readonly [RegExp, string])[] = [
  [/\bavenue\b/i, 'av.'], [/\bboulevard\b/i, 'bd'], [/\bplace\b/i, 'pl.'], [/\bimpasse\b/i, 'imp.'],
  [/\ballée\b/i, 'all.'], [/\broute\b/i, 'rte'], [/\bchemin\b/i, 'ch.'], [/\bSaint\b/, 'St'], [/\bGénéral\b/, 'Gal'],
];

function faute(alea: Aleatoire, texte: string): string {
  const mots = texte.split(' ');
  const candidats = mots.map((m, i) => [m, i] as const).filter(([m]) => m.length >= 6);
  if (candidats.length === 0) return texte;
  const [mot, i] = alea.choisir(candidats);
  const p = alea.entier(1, mot.length - 2);
  const genre = alea.entier(0, 2);
  const nouveau = genre === 0 ? mot.slice(0, p) + mot.slice(p + 1) // a letter dropped
    : genre === 1 ? mot.slice(0, p) + mot[p + 1] + mot[p] + mot.slice(p + 2) // two letters swapped
    : mot.slice(0, p) + mot[p] + mot.slice(p); // a letter doubled
  mots[i] = nouveau;
  return mots.join(' ');
}

function variante(alea: Aleatoire, nom: string, commune: string): string {
  let n = nom;
  if (/^Médiathèque /.test(n) && alea.chance(0.5)) n = n.replace(/^Médiathèque /, 'Médiathèque municipale ');
  else if (/^Médiathèque municipale /.test(n) && alea.chance(0.5)) n = n.replace('municipale ', '');
  if (alea.chance(0.25)) n = n.replace(/ (de |d'|du |des )/, ' ');
  if (alea.chance(0.2) && !normaliserTexte(n).includes(normaliserTexte(commune))) n = `${n} - ${commune}`;
  if (alea.chance(0.25)) n = faute(alea, n);
  if (alea.chance(0.3)) n = n.toUpperCase();
  return n;
}

function decaler(alea: Aleatoire, lat: number, lon: number): [number, number] {
  const metres = alea.entier(10, 300);
  const angle = alea.reel() * 2 * Math.PI;
  const dLat = (metres * Math.sin(angle)) / 110_574;
  const dLon = (metres * Math.cos(angle)) / (111_320 * Math.cos((lat * Math.PI) / 180));
  return [Math.round((lat + dLat) * 1e6) / 1e6, Math.round((lon + dLon) * 1e6) / 1e6];
}

function telephoneNational(t: string): string {
  if (!t.startsWith('+33')) return t;
  const n = `0${t.slice(3)}`;
  return n.replace(/(\d{2})(?=\d)/g, '$1 ');
}

function copier(alea: Aleatoire, base: LieuStandard, source: string, rang: number, numero: number): LieuSource {
  const premier = rang === 0;
  let adresse = base.adresse;
  let latitude = base.latitude;
  let longitude = base.longitude;
  let pivot = base.pivot;
  let telephone = base.telephone;
  let dateMaj = base.date_maj;
  const nom = premier ? base.nom : variante(alea, base.nom, base.commune);
  if (!premier) {
    for (const [motif, abr] of ABREVIATIONS_ADRESSE) if (alea.chance(0.5)) adresse = adresse.replace(motif, abr);
    if (alea.chance(0.2)) adresse = adresse.toUpperCase();
    if (alea.chance(0.1)) adresse = faute(alea, adresse);
    const position = alea.pondere([['garde', 30], ['decale', 55], ['absente', 15]] as const);
    if (position === 'absente' || latitude === null || longitude === null) [latitude, longitude] = [null, null];
    else if (position === 'decale') [latitude, longitude] = decaler(alea, latitude, longitude);
    const siret = alea.pondere([['garde', 55], ['espaces', 25], ['inconnu', 20]] as const);
    if (siret === 'espaces') pivot = pivot.replace(/^(\d{3})(\d{3})(\d{3})(\d{5})$/, '$1 $2 $3 $4');
    else if (siret === 'inconnu') pivot = '00000000000000';
    const tel = alea.pondere([['garde', 40], ['national', 35], ['absent', 25]] as const);
    if (tel === 'national' && telephone) telephone = telephoneNational(telephone);
    else if (tel === 'absent') telephone = null;
    if (alea.chance(0.5)) {
      const d = new Date(`${dateMaj}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() - alea.entier(30, 700));
      dateMaj = d.toISOString().slice(0, 10);
    }
  }
  return {
    ...base,
    id: `${source}-${numero}`,
    uid: `s${String(numero).padStart(7, '0')}`,
    source_cle: source,
    source,
    nom,
    adresse,
    latitude,
    longitude,
    pivot,
    telephone,
    date_maj: dateMaj,
    courriels: !premier && alea.chance(0.4) ? null : base.courriels,
    site_web: !premier && alea.chance(0.4) ? null : base.site_web,
  };
}
