import type { Aleatoire } from '../../../lib/prng.ts';
import { ASSOCIATIONS, HORAIRES, NOMS_TIERS_LIEUX, PERSONNALITES, QUARTIERS, SERVICES, deCommune } from './demo.vocabulaire.ts';

/** Size class of a commune: what kinds of places it plausibly has depends on it. */
export type Taille = 'rural' | 'bourg' | 'ville' | 'metropole';

export function tailleCommune(population: number): Taille {
  if (population < 2_000) return 'rural';
  if (population < 10_000) return 'bourg';
  if (population < 100_000) return 'ville';
  return 'metropole';
}

/** One kind of place: its data.inclusion typology code(s), how it is named, when it opens, what it offers. */
export interface TypeLieu {
  readonly cle: string;
  readonly typologie: readonly string[];
  /** Relative frequency in rural / bourg / ville / metropole communes. */
  readonly poids: Readonly<Record<Taille, number>>;
  nom(alea: Aleatoire, commune: string): string;
  readonly horaires: readonly string[];
  /** Services more likely here than elsewhere (added to the common draw). */
  readonly servicesForts: readonly string[];
  /** National programmes this kind usually belongs to, with their probability. */
  readonly dispositifs: readonly (readonly [string, number])[];
  /** First digits of the SIREN (legal category): 2 public bodies, 7/8 associations. */
  readonly prefixeSiren: string;
  resume(commune: string): string;
}

const p = (rural: number, bourg: number, ville: number, metropole: number) => ({ rural, bourg, ville, metropole });

export const TYPES_LIEUX: readonly TypeLieu[] = [
  {
    cle: 'mairie', typologie: ['MUNI'], poids: p(40, 12, 3, 1), prefixeSiren: '21',
    nom: (a, c) => a.pondere([[`Mairie ${deCommune(c)}`, 6], [`Point numérique de la mairie ${deCommune(c)}`, 2], [`Hôtel de ville ${deCommune(c)}`, 1]]),
    horaires: [...HORAIRES.petiteMairie, ...HORAIRES.administration], servicesForts: [SERVICES.demarches],
    dispositifs: [['Conseillers numériques', 0.25], ['Aidants Connect', 0.2]],
    resume: (c) => `La mairie ${deCommune(c)} met à disposition un poste informatique et aide les habitants dans leurs démarches en ligne.`,
  },
  {
    cle: 'france-services', typologie: ['RFS'], poids: p(10, 14, 6, 3), prefixeSiren: '2',
    nom: (a, c) => a.pondere([[`France Services ${deCommune(c)}`, 5], [`Maison France Services ${deCommune(c)}`, 3], [`France Services ${c} – quartier ${a.choisir(QUARTIERS)}`, 1]]),
    horaires: HORAIRES.administration, servicesForts: [SERVICES.demarches, SERVICES.acces],
    dispositifs: [['France Services', 1], ['Conseillers numériques', 0.5], ['Aidants Connect', 0.6], ["Point d'accès numérique CAF", 0.3]],
    resume: (c) => `France Services ${deCommune(c)} : un guichet unique pour vos démarches (CAF, impôts, retraite, santé, emploi) avec un accompagnement au numérique.`,
  },
  {
    cle: 'bibliotheque', typologie: ['BIB'], poids: p(14, 14, 12, 10), prefixeSiren: '21',
    nom: (a, c) => a.pondere([[`Médiathèque ${deCommune(c)}`, 4], [`Bibliothèque municipale ${deCommune(c)}`, 3], [`Médiathèque ${a.choisir(PERSONNALITES)}`, 3], [`Médiathèque intercommunale ${deCommune(c)}`, 1]]),
    horaires: HORAIRES.bibliotheque, servicesForts: [SERVICES.acces, SERVICES.loisirs, SERVICES.comprehension],
    dispositifs: [['Bibliothèques numérique de référence', 0.12], ['Conseillers numériques', 0.3], ['Certification PIX', 0.08]],
    resume: (c) => `La médiathèque ${deCommune(c)} propose un accès libre à internet, des ateliers d'initiation et un accompagnement individuel sur rendez-vous.`,
  },
  {
    cle: 'epn', typologie: ['EPN'], poids: p(8, 8, 8, 6), prefixeSiren: '2',
    nom: (a, c) => a.pondere([[`Espace public numérique ${deCommune(c)}`, 4], [`Cyber-base ${deCommune(c)}`, 2], [`EPN ${a.choisir(QUARTIERS)}`, 1]]),
    horaires: HORAIRES.association, servicesForts: [SERVICES.acces, SERVICES.quotidien, SERVICES.securite],
    dispositifs: [['Conseillers numériques', 0.5], ['Certification PIX', 0.15], ['Aidants Connect', 0.15]],
    resume: (c) => `Espace public numérique ${deCommune(c)} : postes en libre accès, ateliers collectifs et aide personnalisée pour gagner en autonomie.`,
  },
  {
    cle: 'ccas', typologie: ['CCAS'], poids: p(3, 8, 8, 5), prefixeSiren: '26',
    nom: (a, c) => a.pondere([[`CCAS ${deCommune(c)}`, 3], [`Centre communal d'action sociale ${deCommune(c)}`, 1]]),
    horaires: HORAIRES.administration, servicesForts: [SERVICES.demarches],
    dispositifs: [['Aidants Connect', 0.4], ['Conseillers numériques', 0.3]],
    resume: (c) => `Le CCAS ${deCommune(c)} accompagne les personnes en difficulté dans leurs démarches sociales en ligne, sur rendez-vous.`,
  },
  {
    cle: 'centre-social', typologie: ['CS'], poids: p(2, 8, 12, 12), prefixeSiren: '7',
    nom: (a, c) => a.pondere([[`Centre social ${a.choisir(PERSONNALITES)}`, 3], [`Centre social ${a.choisir(QUARTIERS)}`, 2], [`Espace de vie sociale ${deCommune(c)}`, 1]]),
    horaires: HORAIRES.association, servicesForts: [SERVICES.parentalite, SERVICES.demarches, SERVICES.insertion],
    dispositifs: [['Conseillers numériques', 0.45], ['Promeneurs du net', 0.1], ["Point d'accès numérique CAF", 0.2]],
    resume: () => `Centre social ouvert à tous : ateliers numériques en petits groupes, aide aux démarches et soutien à la parentalité numérique.`,
  },
  {
    cle: 'association', typologie: ['ASSO'], poids: p(8, 12, 16, 18), prefixeSiren: '8',
    nom: (a, c) => a.choisir(ASSOCIATIONS)(c),
    horaires: HORAIRES.association, servicesForts: [SERVICES.quotidien, SERVICES.securite, SERVICES.comprehension],
    dispositifs: [['Conseillers numériques', 0.4], ['Aidants Connect', 0.1], ['La Croix Rouge', 0.01]],
    resume: (c) => `Association d'éducation populaire : ateliers d'initiation à l'ordinateur, au smartphone et à internet pour les habitants ${deCommune(c)}.`,
  },
  {
    cle: 'tiers-lieu', typologie: ['TIERS_LIEUX'], poids: p(6, 6, 5, 5), prefixeSiren: '8',
    nom: (a, c) => a.pondere([[`Tiers-lieu ${a.choisir(NOMS_TIERS_LIEUX)}`, 3], [`${a.choisir(NOMS_TIERS_LIEUX)} – tiers-lieu ${deCommune(c)}`, 2]]),
    horaires: HORAIRES.tiersLieu, servicesForts: [SERVICES.loisirs, SERVICES.insertion, SERVICES.acces],
    dispositifs: [['Conseillers numériques', 0.3], ['Grande école du numérique', 0.05]],
    resume: () => `Tiers-lieu associatif : espace de travail partagé, atelier de fabrication et permanences d'accompagnement au numérique.`,
  },
  {
    cle: 'fablab', typologie: ['FABLAB'], poids: p(1, 2, 4, 5), prefixeSiren: '8',
    nom: (a, c) => a.pondere([[`FabLab ${deCommune(c)}`, 3], [`${c} FabLab`, 1], [`Fab Lab ${a.choisir(NOMS_TIERS_LIEUX)}`, 1]]),
    horaires: HORAIRES.tiersLieu, servicesForts: [SERVICES.loisirs, SERVICES.comprehension],
    dispositifs: [['Grande école du numérique', 0.08]],
    resume: () => `FabLab : impression 3D, découpe laser, électronique et initiation à la programmation, pour tous les âges.`,
  },
  {
    cle: 'maison-quartier', typologie: ['MQ'], poids: p(0, 2, 8, 10), prefixeSiren: '2',
    nom: (a) => a.pondere([[`Maison de quartier ${a.choisir(QUARTIERS)}`, 3], [`Maison des habitants ${a.choisir(QUARTIERS)}`, 1]]),
    horaires: HORAIRES.association, servicesForts: [SERVICES.demarches, SERVICES.parentalite],
    dispositifs: [['Conseillers numériques', 0.4], ['Promeneurs du net', 0.05]],
    resume: () => `Maison de quartier : permanences numériques, aide aux démarches en ligne et ateliers pour les familles.`,
  },
  {
    cle: 'pimms', typologie: ['PIMMS'], poids: p(0, 1, 3, 4), prefixeSiren: '7',
    nom: (a, c) => a.pondere([[`PIMMS Médiation ${c}`, 3], [`Point information médiation multi services ${deCommune(c)}`, 1]]),
    horaires: HORAIRES.administration, servicesForts: [SERVICES.demarches, SERVICES.acces],
    dispositifs: [['Aidants Connect', 0.5], ['France Services', 0.3], ['Conseillers numériques', 0.4]],
    resume: () => `Le PIMMS aide à comprendre ses factures, à faire ses démarches en ligne et à accéder aux services publics.`,
  },
  {
    cle: 'emmaus-connect', typologie: ['ASSO'], poids: p(0, 0, 1, 3), prefixeSiren: '7',
    nom: (a, c) => `Emmaüs Connect ${c}`,
    horaires: HORAIRES.association, servicesForts: [SERVICES.materiel, SERVICES.acces, SERVICES.quotidien],
    dispositifs: [['Emmaüs Connect', 1], ['Relais numérique (Emmaüs Connect)', 0.3]],
    resume: () => `Emmaüs Connect : recharges et matériel à prix solidaire, ateliers d'initiation pour les personnes en précarité.`,
  },
  {
    cle: 'mjc', typologie: ['MJC'], poids: p(2, 4, 4, 3), prefixeSiren: '7',
    nom: (a, c) => a.pondere([[`MJC ${deCommune(c)}`, 3], [`Maison des jeunes et de la culture ${a.choisir(PERSONNALITES)}`, 1]]),
    horaires: HORAIRES.association, servicesForts: [SERVICES.loisirs, SERVICES.parentalite],
    dispositifs: [['Promeneurs du net', 0.25], ['Conseillers numériques', 0.2]],
    resume: () => `MJC : ateliers numériques pour les jeunes et les familles, création multimédia et prévention des risques en ligne.`,
  },
  {
    cle: 'information-jeunesse', typologie: ['PIJ_BIJ'], poids: p(1, 3, 3, 2), prefixeSiren: '2',
    nom: (a, c) => a.pondere([[`Point information jeunesse ${deCommune(c)}`, 3], [`Bureau information jeunesse ${deCommune(c)}`, 1]]),
    horaires: HORAIRES.administration, servicesForts: [SERVICES.insertion],
    dispositifs: [['Promeneurs du net', 0.3]],
    resume: () => `Information jeunesse : accès internet, aide au CV et à la recherche de stage ou d'emploi en ligne.`,
  },
  {
    cle: 'mission-locale', typologie: ['ML'], poids: p(0, 2, 4, 3), prefixeSiren: '7',
    nom: (a, c) => `Mission locale ${deCommune(c)}`,
    horaires: HORAIRES.administration, servicesForts: [SERVICES.insertion, SERVICES.demarches],
    dispositifs: [['Conseillers numériques', 0.3]],
    resume: () => `La mission locale accompagne les 16-25 ans vers l'emploi, y compris dans leurs démarches et candidatures en ligne.`,
  },
];
