import type { LieuStandard } from '../lieux/standard/lieu.ts';

/**
 * Plain French for the standard's values. The standard's wording is written for producers
 * (« Maîtrise des outils numériques du quotidien »); a person looking for help needs to recognise their need.
 * Unknown values (older files, typos kept by the import) are shown as they are.
 */
export const SERVICES: Readonly<Record<string, string>> = {
  'Aide aux démarches administratives': 'Faire ses démarches en ligne (CAF, impôts, santé, retraite…)',
  'Maîtrise des outils numériques du quotidien': 'Apprendre à se servir d’un ordinateur, d’un téléphone, d’internet',
  'Insertion professionnelle via le numérique': 'Chercher un emploi ou une formation en ligne',
  'Utilisation sécurisée du numérique': 'Se protéger en ligne (arnaques, mots de passe, données)',
  'Parentalité et éducation avec le numérique': 'Accompagner ses enfants face aux écrans et à l’école en ligne',
  'Loisirs et créations numériques': 'Loisirs et création (photo, vidéo, jeux, impression 3D…)',
  'Compréhension du monde numérique': 'Comprendre le numérique et ses enjeux',
  'Accès internet et matériel informatique': 'Utiliser un ordinateur, une imprimante ou internet sur place',
  'Acquisition de matériel informatique à prix solidaire': 'Acheter un ordinateur ou un téléphone à petit prix',
};

/** The needs offered on the home page, in the order people most often ask for them. */
export const BESOINS_ACCUEIL: readonly string[] = [
  'Aide aux démarches administratives',
  'Maîtrise des outils numériques du quotidien',
  'Accès internet et matériel informatique',
  'Insertion professionnelle via le numérique',
  'Utilisation sécurisée du numérique',
  'Acquisition de matériel informatique à prix solidaire',
  'Parentalité et éducation avec le numérique',
];

export const FRAIS: Readonly<Record<string, string>> = {
  Gratuit: 'Gratuit',
  'Gratuit sous condition': 'Gratuit sous conditions',
  Payant: 'Payant',
};

export const MODALITES_ACCES: Readonly<Record<string, string>> = {
  'Se présenter': 'Venir sans rendez-vous',
  Téléphoner: 'Appeler avant de venir',
  'Contacter par mail': 'Écrire un courriel',
  'Prendre un RDV en ligne': 'Prendre rendez-vous en ligne',
  "Ce lieu n'accueille pas de public": 'Ce lieu n’accueille pas de public',
  'Envoyer un mail avec une fiche de prescription': 'Sur orientation d’un professionnel (fiche de prescription par courriel)',
};

export const MODALITES_ACCOMPAGNEMENT: Readonly<Record<string, string>> = {
  'En autonomie': 'Seul, avec du matériel à disposition',
  'Accompagnement individuel': 'Avec une personne, en individuel',
  'Dans un atelier collectif': 'En atelier collectif',
  'À distance': 'À distance (téléphone, visio)',
};

export const PUBLICS: Readonly<Record<string, string>> = {
  Jeunes: 'Jeunes',
  Étudiants: 'Étudiants',
  'Familles et/ou enfants': 'Familles et enfants',
  Seniors: 'Seniors',
  Femmes: 'Femmes',
};

export const PRISE_EN_CHARGE: Readonly<Record<string, string>> = {
  Surdité: 'Personnes sourdes ou malentendantes',
  'Handicaps moteurs': 'Personnes en situation de handicap moteur',
  'Handicaps mentaux': 'Personnes en situation de handicap mental',
  Illettrisme: 'Personnes qui ont des difficultés à lire ou écrire',
  'Langues étrangères (anglais)': 'Accueil en anglais',
  'Langues étrangères (autres)': 'Accueil dans d’autres langues',
  'Déficience visuelle': 'Personnes aveugles ou malvoyantes',
};

export const ITINERANCE: Readonly<Record<string, string>> = {
  Itinérant: 'Itinérant (se déplace sur le territoire)',
  Fixe: 'Lieu fixe',
};

/** The structure types most often met; the others are shown as their code. */
export const TYPOLOGIES: Readonly<Record<string, string>> = {
  ASSO: 'Association',
  BIB: 'Bibliothèque, médiathèque',
  CAF: 'Caisse d’allocations familiales',
  CCAS: 'Centre communal d’action sociale',
  CIAS: 'Centre intercommunal d’action sociale',
  CS: 'Centre social',
  EPN: 'Espace public numérique',
  FABLAB: 'Fablab',
  MDS: 'Maison départementale des solidarités',
  MJC: 'Maison des jeunes et de la culture',
  MUNI: 'Mairie',
  PIMMS: 'Point information médiation multi-services',
  RFS: 'France Services',
  TIERS_LIEUX: 'Tiers-lieu',
};

export const libelle = (table: Readonly<Record<string, string>>, valeur: string): string => table[valeur] ?? valeur;

/**
 * Fields that help someone reach and use a place, beyond the required ones. The completeness score is the
 * share of them that is filled (coordinates count once): it tells the producer what to add, and the visitor
 * how much to trust the page.
 */
export const CHAMPS_COMPLETUDE: readonly (keyof LieuStandard)[] = [
  'latitude', 'typologie', 'telephone', 'courriels', 'site_web', 'horaires', 'presentation_resume',
  'presentation_detail', 'services', 'publics_specifiquement_adresses', 'prise_en_charge_specifique',
  'frais_a_charge', 'modalites_acces', 'modalites_accompagnement', 'dispositif_programmes_nationaux',
  'fiche_acces_libre', 'prise_rdv', 'itinerance',
];

const rempli = (v: unknown) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);

/** Completeness in percent (0–100), with the missing fields' names. */
export function completude(lieu: LieuStandard): { score: number; manquants: (keyof LieuStandard)[] } {
  const manquants = CHAMPS_COMPLETUDE.filter((c) => !rempli(lieu[c]));
  return { score: Math.round((100 * (CHAMPS_COMPLETUDE.length - manquants.length)) / CHAMPS_COMPLETUDE.length), manquants };
}

export const FRAICHEUR: Readonly<Record<'a_jour' | 'a_verifier' | 'a_actualiser', { libelle: string; classe: string; explication: string }>> = {
  a_jour: { libelle: 'À jour', classe: 'fr-badge--success', explication: 'Informations mises à jour il y a moins de 12 mois.' },
  a_verifier: { libelle: 'À vérifier', classe: 'fr-badge--warning', explication: 'Informations mises à jour il y a 12 à 18 mois : appelez avant de vous déplacer.' },
  a_actualiser: { libelle: 'À actualiser', classe: 'fr-badge--error', explication: 'Informations mises à jour il y a plus de 18 mois : elles peuvent être fausses, appelez avant de vous déplacer.' },
};

/** '+33123456789' → '01 23 45 67 89' for metropolitan numbers; other prefixes are kept readable as is. */
export function telephoneLisible(tel: string): string {
  const m = /^\+33(\d{9})$/.exec(tel);
  if (!m) return tel;
  return `0${m[1]}`.replace(/(\d{2})(?=\d)/g, '$1 ');
}

/** 'YYYY-MM-DD' → '24 novembre 2026'. */
export function dateLisible(iso: string): string {
  const [a, m, j] = iso.split('-').map(Number) as [number, number, number];
  const texte = new Date(Date.UTC(a, m - 1, j)).toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return j === 1 ? texte.replace(/^1 /, '1er ') : texte;
}
