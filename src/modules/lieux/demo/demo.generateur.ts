import type { LieuStandard } from '../standard/index.ts';
import { DOMAINE_DEMO, siretDemo, slug, telephoneDemo } from './demo.identifiants.ts';
import { repartir, type CommuneDemo } from './demo.repartition.ts';
import { TYPES_LIEUX, tailleCommune, type TypeLieu } from './demo.types.ts';
import { AUTRES_LABELS, COMPLEMENTS, PRISES_EN_CHARGE, PUBLICS, SERVICES, VOIES, VOIES_MAIRIE, deCommune } from './demo.vocabulaire.ts';
import { creerAleatoire, type Aleatoire } from '../../../lib/prng.ts';

export type { CommuneDemo } from './demo.repartition.ts';

/** Source key and label of the demo register: the `source` field says it on every record, in every export. */
export const SOURCE_DEMO = 'demo-maillage';
export const LIBELLE_SOURCE_DEMO = 'Démo Maillage (données fictives)';
export const GRAINE_PAR_DEFAUT = 20_240_701;
export const TAILLE_PAR_DEFAUT = 20_000;

export interface OptionsDemo {
  taille: number;
  graine: number;
  /** Day the freshness is computed from (date_maj spreads over the 30 months before it). Defaults to today. */
  reference?: Date;
}

/**
 * The demo register, one record at a time (1 M records never sit in memory). Deterministic: the same
 * (taille, graine, reference) yields the same records in the same order on every machine.
 */
export function* genererLieuxDemo(options: OptionsDemo, communesEntree: readonly CommuneDemo[]): Generator<LieuStandard> {
  const alea = creerAleatoire(options.graine);
  const reference = options.reference ?? new Date();
  const communes = communesEntree
    .filter((c) => c.codesPostaux.length > 0 && Number.isFinite(c.latitude) && Number.isFinite(c.longitude))
    .toSorted((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const comptes = repartir(communes, options.taille, alea);
  let numero = 0;
  for (let i = 0; i < communes.length; i++) {
    const commune = communes[i]!;
    for (let k = 0; k < comptes[i]!; k++) {
      numero++;
      yield genererLieu(alea, commune, numero, reference);
    }
  }
}

function choisirType(alea: Aleatoire, population: number): TypeLieu {
  const taille = tailleCommune(population);
  return alea.pondere(TYPES_LIEUX.map((t) => [t, t.poids[taille]] as const));
}

/** Gaussian jitter around the centroid: ~200 m in a village, a few km in Paris (σ grows with √population). */
function positionner(alea: Aleatoire, c: CommuneDemo): [number, number] {
  const sigma = 150 + 2 * Math.sqrt(c.population);
  const borne = (v: number) => Math.max(-3, Math.min(3, v));
  const nord = borne(alea.normal()) * sigma;
  const est = borne(alea.normal()) * sigma;
  const lat = c.latitude + nord / 111_320;
  const lon = c.longitude + est / (111_320 * Math.cos((c.latitude * Math.PI) / 180));
  return [Math.round(lat * 1e6) / 1e6, Math.round(lon * 1e6) / 1e6];
}

/** date_maj: 55 % under 12 months (« à jour »), 20 % 12–18 months (« à vérifier »), 25 % 18–30 months (« à actualiser »). */
function dateMaj(alea: Aleatoire, reference: Date): string {
  const jours = alea.pondere([[[0, 360], 55], [[370, 540], 20], [[555, 910], 25]] as const);
  const d = new Date(Date.UTC(reference.getUTCFullYear(), reference.getUTCMonth(), reference.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - alea.entier(jours[0], jours[1]));
  return d.toISOString().slice(0, 10);
}

function plusieurs(alea: Aleatoire, valeurs: readonly string[], min: number, max: number): string[] {
  const n = alea.entier(min, max);
  const restantes = [...valeurs];
  const choisies: string[] = [];
  while (choisies.length < n && restantes.length) choisies.push(restantes.splice(alea.entier(0, restantes.length - 1), 1)[0]!);
  return choisies;
}

const FREQUENCES_SERVICES: readonly (readonly [string, number])[] = [
  [SERVICES.demarches, 0.55], [SERVICES.quotidien, 0.75], [SERVICES.insertion, 0.2], [SERVICES.securite, 0.3],
  [SERVICES.parentalite, 0.15], [SERVICES.loisirs, 0.15], [SERVICES.comprehension, 0.3], [SERVICES.acces, 0.45],
  [SERVICES.materiel, 0.03],
];

function services(alea: Aleatoire, type: TypeLieu): string[] {
  // Kept in the standard's order, as producers' exports do.
  const retenus = FREQUENCES_SERVICES.filter(([s, p]) => alea.chance(type.servicesForts.includes(s) ? 0.9 : p)).map(([s]) => s);
  return retenus.length ? retenus : [type.servicesForts[0] ?? SERVICES.quotidien];
}

/** Labels that only exist in one territory are only given there. */
function formationsLabels(alea: Aleatoire, type: TypeLieu, c: CommuneDemo): string[] | null {
  const labels: string[] = [];
  if (alea.chance(0.08)) labels.push('Formé à « Mon Espace Santé »');
  if (alea.chance(0.02)) labels.push('Formé à « DUPLEX » (illettrisme)');
  if (alea.chance(0.03)) labels.push('Étapes numériques (La Poste)');
  if (alea.chance(0.01)) labels.push('ORDI 3.0');
  if (type.cle === 'tiers-lieu' && alea.chance(0.25)) labels.push('Fabriques de Territoire');
  if (c.region === '27' && alea.chance(0.3)) labels.push('Arnia/MedNum BFC (Bourgogne-Franche-Comté)');
  if (c.region === '28' && alea.chance(0.15)) labels.push('Collectif ressources et acteurs réemploi (Normandie)');
  if (c.region === '93' && alea.chance(0.2)) labels.push('SUD LABS (PACA)');
  if (c.departement === '26' && alea.chance(0.3)) labels.push('Les Éclaireurs du numérique (Drôme)');
  if (c.departement === '69' && alea.chance(0.2)) labels.push('Mes Papiers (Métropole de Lyon)');
  return labels.length ? labels : null;
}

function genererLieu(alea: Aleatoire, c: CommuneDemo, numero: number, reference: Date): LieuStandard {
  const type = choisirType(alea, c.population);
  const nom = type.nom(alea, c.libelle ?? c.nom);
  const [latitude, longitude] = positionner(alea, c);
  const hote = `${slug(nom)}-${c.code.toLowerCase()}`;
  const adresse =
    type.cle === 'mairie'
      ? `${alea.chance(0.5) ? '1 ' : ''}${alea.choisir(VOIES_MAIRIE)}`
      : `${alea.chance(0.88) ? `${alea.entier(1, 140)}${alea.chance(0.04) ? ' bis' : ''} ` : ''}${alea.choisir(VOIES)}`;
  const priseRdv = alea.chance(0.15) ? `https://rdv.${DOMAINE_DEMO}/${hote}` : null;
  const dispositifs = type.dispositifs.filter(([, p]) => alea.chance(p)).map(([d]) => d);
  if (!dispositifs.includes('Conseillers numériques') && alea.chance(0.1)) dispositifs.push('Conseillers numériques');
  const acces = [
    ...(alea.chance(0.7) ? ['Se présenter'] : []),
    ...(alea.chance(0.6) ? ['Téléphoner'] : []),
    ...(alea.chance(0.35) ? ['Contacter par mail'] : []),
    ...(priseRdv ? ['Prendre un RDV en ligne'] : []),
    ...(alea.chance(0.08) ? ['Envoyer un mail avec une fiche de prescription'] : []),
  ];
  const accompagnement = [
    ...(alea.chance(0.4) ? ['En autonomie'] : []),
    ...(alea.chance(0.8) ? ['Accompagnement individuel'] : []),
    ...(alea.chance(0.5) ? ['Dans un atelier collectif'] : []),
    ...(alea.chance(0.12) ? ['À distance'] : []),
  ];
  const frais = type.cle === 'fablab' || type.cle === 'tiers-lieu'
    ? alea.pondere([[['Payant'], 3], [['Gratuit', 'Payant'], 3], [['Gratuit'], 3], [null, 1]] as const)
    : alea.pondere([[['Gratuit'], 80], [['Gratuit sous condition'], 8], [['Gratuit', 'Payant'], 4], [['Payant'], 2], [null, 6]] as const);
  const liste = (v: string[]) => (v.length ? v : null);
  return {
    id: `demo-${String(numero).padStart(7, '0')}`,
    pivot: siretDemo(alea, type.prefixeSiren),
    nom,
    commune: c.nom,
    code_postal: alea.choisir(c.codesPostaux),
    code_insee: c.code,
    adresse,
    complement_adresse: alea.chance(0.15) ? alea.choisir(COMPLEMENTS) : null,
    latitude,
    longitude,
    typologie: [...type.typologie],
    telephone: alea.chance(0.85) ? telephoneDemo(alea, c.departement) : null,
    courriels: alea.chance(0.7) ? [`contact@${hote}.${DOMAINE_DEMO}`] : null,
    site_web: alea.chance(0.45) ? [`https://${hote}.${DOMAINE_DEMO}`] : null,
    horaires: alea.chance(0.9) ? alea.choisir(type.horaires) : null,
    presentation_resume: alea.chance(0.85) ? type.resume(c.libelle ?? c.nom) : null,
    presentation_detail: alea.chance(0.3)
      ? `Accueil ${alea.choisir(['sans rendez-vous aux heures d’ouverture', 'sur rendez-vous de préférence', 'libre et gratuit'])}. Un médiateur numérique vous aide à utiliser un ordinateur, un smartphone ou une tablette, à créer une adresse e-mail et à faire vos démarches en ligne en toute sécurité.`
      : null,
    source: LIBELLE_SOURCE_DEMO,
    itinerance: alea.pondere([[['Fixe'], 70], [['Itinérant'], 6], [['Fixe', 'Itinérant'], 4], [null, 20]] as const)?.slice() ?? null,
    structure_parente: type.cle === 'emmaus-connect' ? 'Emmaüs Connect' : type.prefixeSiren === '21' && alea.chance(0.3) ? `Commune ${deCommune(c.nom)}` : null,
    date_maj: dateMaj(alea, reference),
    services: services(alea, type),
    publics_specifiquement_adresses: alea.chance(0.4) ? plusieurs(alea, PUBLICS, 1, 3) : null,
    prise_en_charge_specifique: alea.chance(0.22) ? plusieurs(alea, PRISES_EN_CHARGE, 1, 2) : null,
    frais_a_charge: frais?.slice() ?? null,
    dispositif_programmes_nationaux: liste(dispositifs),
    formations_labels: formationsLabels(alea, type, c),
    autres_formations_labels: alea.chance(0.03) ? [alea.choisir(AUTRES_LABELS)] : null,
    modalites_acces: liste(acces.length ? acces : ['Se présenter']),
    modalites_accompagnement: liste(accompagnement.length ? accompagnement : ['Accompagnement individuel']),
    fiche_acces_libre: alea.chance(0.2) ? `https://acceslibre.${DOMAINE_DEMO}/erp/${hote}/` : null,
    prise_rdv: priseRdv,
  };
}
