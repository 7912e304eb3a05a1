/**
 * The producers' raw files we know (copies in data/sources-brutes/, origin in data/README.md), each described
 * by a declarative mapping onto the standard v1.0.2. Values not listed in a table are kept outside the standard
 * with a warning; hours are converted when the French text allows it (horaires.ts).
 */
import { courriels, decouperAdresse, nombreFrancais, premierTelephone, siteWeb, type CorrespondanceSource } from './correspondance.ts';
import { lambert93VersWgs84 } from './lambert93.ts';
import { SERVICES } from '../../lieux/standard/index.ts';

type Ligne = Record<string, unknown>;
const S = SERVICES;

/** "A (x, y), B" → "A (x, y)|B": commas inside brackets belong to the item. */
function listeHorsParentheses(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const items: string[] = [];
  let profondeur = 0;
  let courant = '';
  for (const c of v) {
    if (c === '(') profondeur++;
    if (c === ')') profondeur = Math.max(0, profondeur - 1);
    if (c === ',' && profondeur === 0) {
      items.push(courant.trim());
      courant = '';
    } else courant += c;
  }
  items.push(courant.trim());
  return items.filter(Boolean).join('|');
}
const partie = (colonne: string, p: 'adresse' | 'codePostal' | 'commune') => (l: Ligne) => decouperAdresse(l[colonne])?.[p];

const corse: CorrespondanceSource = {
  cle: 'corse-numerique', nom: 'Collectivité de Corse', producteur: 'Collectivité de Corse', licence: 'Licence Ouverte 2.0',
  fichier: 'raw-corse.json', dateParDefaut: '2024-01-01',
  champs: {
    id: (l) => `corse-${String(l['Structure'] ?? '').trim()}-${String(l['Adresse'] ?? '').trim()}`.slice(0, 200),
    nom: 'Structure', adresse: partie('Adresse', 'adresse'), code_postal: partie('Adresse', 'codePostal'), commune: partie('Adresse', 'commune'),
    latitude: 'lat', longitude: 'long', telephone: (l) => premierTelephone(l['N° de téléphone']), courriels: (l) => courriels(l['Adresse e-mail']),
    site_web: (l) => siteWeb(l['Site internet']), telephones_origine: 'N° de téléphone', site_web_origine: 'Site internet',
    typologie: 'Type', services: (l) => listeHorsParentheses(l['Activités proposées']),
    dispositif_programmes_nationaux: (l) => (l['Conseiller numérique'] ? 'Conseillers numériques' : null),
  },
  horaires: 'Horaires',
  valeurs: {
    typologie: { 'Collectivité': ['MUNI'], 'Espace Public Numérique': ['EPN'], Association: ['ASSO'], 'France Services': ['RFS'], 'Mission locale': ['ML'], 'Conseiller numérique': [], 'Société coopérative et participative': ['SCOP'], ARML: ['ML'] },
    services: {
      'Accompagnement individuel ponctuel': [S.quotidien],
      'Ateliers de formation aux outils numériques (traitement de texte, e-mail ...)': [S.quotidien],
      'Ateliers de formation aux bonnes pratiques numériques (cybersécurité, mots de passe ...)': [S.securite],
      'Ateliers de formation aux services publics dématérialisés (CAF, Pole Emploi, CPAM ...)': [S.demarches],
      "Accompagnement sur l'accès aux droits (CAF, Pole Emploi, CPAM ...)": [S.demarches],
      "Ateliers d'initiation à l'informatique": [S.quotidien],
      "Groupe de parole, d'échange (fake news, cybersécurité, actualités liées au numérique ...)": [S.comprehension],
      'Actions de prévention sur les usages numériques': [S.securite],
      'Dotation de matériel numérique': [S.materiel],
      'Ateliers de formation au codage et à la programmation': [S.loisirs],
      'Ateliers de formation création graphique, montage photo ...': [S.loisirs],
      'Ateliers de formation impression 3D, fraiseuse numérique ...': [S.loisirs],
      'Ateliers à destination des parents (prévention écrans, contrôle parental, jeux vidéos ...)': [S.parentalite],
      "Conférences sur l'E-parentalité (prévention écrans, contrôle parental, jeux vidéos ...)": [S.parentalite],
      'Conférences sur des thématiques numériques (IA, cryptomonnaies, blockchain, sociologie ...)': [S.comprehension],
      'Prendre en main un smartphone ou une tablette': [S.quotidien], 'Prendre en main un ordinateur': [S.quotidien],
      'Utiliser le numérique au quotidien': [S.quotidien], 'Approfondir sa culture numérique': [S.comprehension],
      'Ateliers de présentation des métiers de la filière numérique': [S.insertion],
    },
  },
};

const etapes: CorrespondanceSource = {
  cle: 'etapes-numeriques', nom: 'La Poste – Étapes numériques', producteur: 'La Poste', licence: 'Licence Ouverte 2.0',
  fichier: 'raw-etapes-numerique.json', dateParDefaut: '2024-01-01',
  champs: {
    id: (l) => `etapes-${l['ID']}`, pivot: (l) => (l['SIRET'] === null || l['SIRET'] === undefined ? null : String(l['SIRET'])),
    nom: (l) => (l['Nom'] ? `La Poste ${String(l['Nom']).trim()}` : null), commune: 'Commune', code_postal: 'Code postal', code_insee: 'Code INSEE',
    adresse: 'Adresse', latitude: 'latitude', longitude: 'longitude',
    formations_labels: () => 'Étapes numériques (La Poste)', typologie: () => 'LA_POSTE',
  },
};

const gironde: CorrespondanceSource = {
  cle: 'gironde-numerique', nom: 'Département de la Gironde', producteur: 'Département de la Gironde', licence: 'Licence Ouverte 2.0',
  fichier: 'raw-gironde.json', dateParDefaut: '2021-12-31',
  champs: {
    id: (l) => `gironde-${String(l['Lieu'] ?? '').trim()}-${String(l['Adresse postale'] ?? '').trim()}`.slice(0, 200),
    nom: 'Lieu', date_maj: 'Dernière MAJ', commune: (l) => decouperAdresse(l['Adresse postale'])?.commune ?? l['Commune'],
    adresse: partie('Adresse postale', 'adresse'), code_postal: partie('Adresse postale', 'codePostal'),
    courriels: (l) => courriels(l['Email']), site_web: (l) => siteWeb(l['Site internet']), telephone: (l) => premierTelephone(l['Téléphone']),
    telephones_origine: 'Téléphone', site_web_origine: 'Site internet', presentation_detail: 'Description',
    // The producer's columns are swapped: "Coord. X" holds the latitude (44.8…) and "Coord. Y" the longitude.
    latitude: 'Coord. X', longitude: 'Coord. Y', typologie: 'Type Structure', services: 'services',
  },
  valeurs: {
    typologie: { Autre: [], Association: ['ASSO'], 'Collectivité': ['MUNI'], MSA: ['MSA'], CPAM: ['CPAM'], 'La poste': ['LA_POSTE'], CAF: ['CAF'], 'Pôle Emploi': ['PE'] },
    services: {
      'Pratiquer des activités récréatives numériques': [S.loisirs], 'Etre accompagné dans ses démarches administratives': [S.demarches],
      'Etre initié aux outils numériques': [S.quotidien], 'Accès à Internet en autonomie': [S.acces],
    },
  },
};

const creuse: CorrespondanceSource = {
  cle: 'creuse-numerique', nom: 'Département de la Creuse', producteur: 'Département de la Creuse', licence: 'Licence Ouverte 2.0',
  fichier: 'raw-la-creuse.json', dateParDefaut: '2023-01-01',
  champs: {
    id: (l) => `creuse-${l['id']}`, nom: 'nom', presentation_detail: 'description', latitude: 'latitude', longitude: 'longitude',
    telephone: 'téléphone', adresse: 'adresse', code_postal: 'code_postal', commune: 'commune', services: 'services',
    modalites_accompagnement: 'modalites_accompagnement',
  },
  horaires: 'horaires',
  valeurs: {
    services: { 'Utiliser le numérique au quotidien': [S.quotidien] },
    modalites_accompagnement: { "Dans un atelier : j'apprends collectivement à utiliser le numérique": ['Dans un atelier collectif'] },
  },
};

const oui = (v: unknown) => typeof v === 'string' && /^oui$/i.test(v.trim());
const maineEtLoire: CorrespondanceSource = {
  cle: 'maine-et-loire-numerique', nom: 'Département de Maine-et-Loire', producteur: 'Département de Maine-et-Loire', licence: 'Licence Ouverte 2.0',
  fichier: 'raw-maine-et-loire.json', dateParDefaut: '2020-01-01',
  ignorer: (l) => l['AFFICHAGE'] === 'INACTIF',
  champs: {
    id: 'ID_LieuMed', nom: 'NOM_STRUCTURE', date_maj: 'DAT_MaJ',
    adresse: (l) => [l['N°'], l['ADRESSE']].filter((x) => x !== null && x !== undefined && String(x).trim() !== '').join(' '),
    complement_adresse: (l) => [l['COMP_ADRESSE'], l['BP']].filter((x) => typeof x === 'string' && x.trim() !== '').join(' ') || null,
    code_postal: 'CP', commune: 'COMMUNE', telephone: (l) => premierTelephone(l['NUM_TEL']), courriels: (l) => courriels(l['MAIL_STRUC']),
    site_web: (l) => siteWeb(l['SITE_WEB']), typologie: 'SS_CAT', telephones_origine: 'NUM_TEL', contact_origine: 'MAIL_STRUC',
    latitude: (l) => coordonnees(l)?.latitude, longitude: (l) => coordonnees(l)?.longitude,
    services: (l) => [oui(l['DEM_Gen']) || oui(l['DEM_Spe']) ? S.demarches : '', oui(l['INITIATION']) ? S.quotidien : '', oui(l['INTERNET']) ? S.acces : ''].filter(Boolean).join('|'),
    publics_specifiquement_adresses: (l) => [l['PBC_Jeunes'] ? 'Jeunes' : '', l['PBC_Senior'] ? 'Seniors' : ''].filter(Boolean).join('|'),
  },
  valeurs: {
    typologie: {
      Association: ['ASSO'], 'France Services': ['RFS'], 'Collectivité et services de la collectivité': ['MUNI'], 'Bibliothèque - Médiathèque': ['BIB'],
      MDS: ['MDS'], 'Centre Social': ['CS'], Cybercentre: ['EPN'], CCAS: ['CCAS'], 'Opérateur - Service public': [], 'La Poste': ['LA_POSTE'],
      'Mission locale': ['ML'], 'Point Information Jeunesse (PIJ)': ['PIJ_BIJ'], 'Espace de vie sociale': ['EVS'], EHPAD: [],
    },
    services: Object.fromEntries(Object.values(S).map((v) => [v, [v]])),
    publics_specifiquement_adresses: { Jeunes: ['Jeunes'], Seniors: ['Seniors'] },
  },
};

function coordonnees(l: Ligne): { latitude: number; longitude: number } | null {
  const x = nombreFrancais(l['x']);
  const y = nombreFrancais(l['y']);
  return x !== null && y !== null ? lambert93VersWgs84(x, y) : null;
}

export const SOURCES_BRUTES: readonly CorrespondanceSource[] = [corse, etapes, gironde, creuse, maineEtLoire];

export function sourceBrute(cle: string): CorrespondanceSource | undefined {
  return SOURCES_BRUTES.find((s) => s.cle === cle);
}
