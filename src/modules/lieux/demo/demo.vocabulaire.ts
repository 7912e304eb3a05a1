/**
 * Words the demo generator draws from. Names and addresses are plausible French patterns, not real places;
 * values of enumerated fields are the exact spellings of the national standard v1.0.2.
 */

/** « de Lyon », « du Havre », « des Mureaux », « de la Rochelle », « d'Angers ». */
export function deCommune(nom: string): string {
  if (nom.startsWith('Le ')) return `du ${nom.slice(3)}`;
  if (nom.startsWith('Les ')) return `des ${nom.slice(4)}`;
  if (nom.startsWith('La ')) return `de la ${nom.slice(3)}`;
  if (nom.startsWith("L'")) return `de l'${nom.slice(2)}`;
  if (/^[AEIOUYÉÈÊÎÔÂŒH]/i.test(nom)) return `d'${nom}`;
  return `de ${nom}`;
}

export const PERSONNALITES = [
  'Jean Jaurès', 'Victor Hugo', 'Louise Michel', 'Simone Veil', 'Jules Ferry', 'Jean Moulin', 'Marie Curie',
  'Aimé Césaire', 'George Sand', 'Albert Camus', 'Jacques Prévert', 'Colette', 'Lucie Aubrac', 'Pablo Neruda',
  'Nelson Mandela', 'Olympe de Gouges', 'Romain Rolland', 'Jean Vilar', 'Louis Aragon', 'Elsa Triolet',
  'Boris Vian', 'Paul Éluard', 'Joséphine Baker', 'Gisèle Halimi', 'Françoise Dolto', 'Germaine Tillion',
  'Jules Verne', 'Alexandre Dumas', 'Émile Zola', 'Marguerite Duras', 'Antoine de Saint-Exupéry', 'Jean de La Fontaine',
] as const;

/** Neighbourhood names, with their article, as they follow « Maison de quartier ». */
export const QUARTIERS = [
  'des Tilleuls', 'de la Gare', 'du Centre', 'Bel-Air', 'des Sablons', 'de la Roseraie', 'des Pins', 'du Moulin',
  'des Champs', 'Saint-Jacques', 'du Port', 'des Provinces', 'de la Source', 'du Parc', 'des Quatre-Vents',
  'des Hauts', 'du Vieux Bourg', 'des Coteaux', 'de la Fontaine', 'du Val', 'des Acacias', 'de la Plaine',
  'des Marronniers', 'du Lac', 'des Peupliers', 'de la Croix-Rouge', 'des Glycines', 'du Bois-Joli',
] as const;

export const VOIES = [
  'rue de la République', 'avenue Jean Jaurès', 'rue Victor Hugo', "place de l'Église", 'rue des Écoles',
  'Grande Rue', 'rue du Général de Gaulle', 'avenue de la Gare', 'rue Pasteur', 'boulevard Gambetta',
  'rue de la Paix', 'allée des Tilleuls', 'chemin du Moulin', 'rue du Stade', 'place du Marché', 'rue Jean Moulin',
  'avenue des Sports', "rue de l'Égalité", 'impasse des Lilas', 'rue de la Liberté', 'avenue Foch',
  'rue Louis Pasteur', 'rue du 8 Mai 1945', 'rue Nationale', 'place de la Libération', 'rue des Jardins',
  'boulevard de la Liberté', 'rue Émile Zola', 'rue Anatole France', 'avenue du Maréchal Leclerc', 'rue Voltaire',
  'rue des Acacias', 'rue du Château', 'quai de la Marne', 'cours Jean Jaurès', 'rue Saint-Martin',
] as const;

export const VOIES_MAIRIE = ['place de la Mairie', "place de l'Hôtel de Ville", 'rue de la Mairie', 'place du Général de Gaulle'] as const;

export const COMPLEMENTS = [
  'Rez-de-chaussée', '1er étage', 'Bâtiment B', 'Entrée par la cour', 'Salle informatique, 2e étage',
  'Espace Simone Veil', 'Accès par le parking', 'Porte 3', 'Au fond du hall',
] as const;

export const NOMS_TIERS_LIEUX = [
  'La Fabrique', "L'Établi", 'La Ruche', 'Le Hangar', 'La Grange numérique', 'Le Local', 'La Coopérative',
  'La Passerelle', "L'Atelier", 'La Filature', 'Le Quai', 'La Remise', 'Le Garage', 'La Cantine numérique',
] as const;

export const ASSOCIATIONS = [
  (c: string) => `Les Connectés ${deCommune(c)}`,
  (c: string) => `Numérique pour tous ${deCommune(c)}`,
  (c: string) => `Entraide numérique ${deCommune(c)}`,
  (c: string) => `Atelier informatique ${deCommune(c)}`,
  (c: string) => `Le Déclic numérique (${c})`,
  (c: string) => `Génération Clic ${c}`,
  (c: string) => `Clic et Vous ${deCommune(c)}`,
  (c: string) => `Les Souris Vertes ${deCommune(c)}`,
  (c: string) => `Accès Libre ${c}`,
  (c: string) => `Familles Rurales ${deCommune(c)}`,
] as const;

export { SERVICES } from '../standard/index.ts';

export const PUBLICS = ['Jeunes', 'Étudiants', 'Familles et/ou enfants', 'Seniors', 'Femmes'] as const;

export const PRISES_EN_CHARGE = [
  'Surdité', 'Handicaps moteurs', 'Handicaps mentaux', 'Illettrisme', 'Langues étrangères (anglais)',
  'Langues étrangères (autres)', 'Déficience visuelle',
] as const;

export const AUTRES_LABELS = ['Label Numérique Inclusif', 'Point Relais Pix', 'Espace labellisé « Bien vieillir connecté »', 'Réseau des Cyber-bases'] as const;

/** OSM opening_hours strings seen in real files, by kind of place. */
export const HORAIRES = {
  administration: [
    'Mo-Fr 08:30-12:00,13:30-17:00; PH off',
    'Mo-Fr 09:00-12:00,14:00-17:00',
    'Mo-Th 08:30-12:00,13:30-17:30; Fr 08:30-12:00,13:30-16:30; PH off',
    'Mo,Tu,Th,Fr 09:00-12:00,14:00-17:00; We 09:00-12:00',
    'Mo-Fr 09:00-12:30,13:30-17:00; Sa 09:00-12:00; PH off',
    'Mo-Fr 08:30-12:30,13:30-17:30',
  ],
  petiteMairie: ['Tu,Th 09:00-12:00; Sa 09:00-11:30', 'Mo 14:00-18:00; We 09:00-12:00; Fr 14:00-17:00', 'Tu 16:00-19:00; Fr 09:00-12:00; PH off'],
  bibliotheque: [
    'Tu,Th,Fr 14:00-18:00; We,Sa 10:00-12:30,14:00-18:00; PH off',
    'Tu-Sa 10:00-18:00',
    'We 10:00-12:00,14:00-18:00; Sa 10:00-17:00; Su 10:00-13:00',
    'Tu 16:00-19:00; We 10:00-12:00,14:00-18:00; Sa 10:00-12:00',
    'Tu-Fr 13:00-19:00; Sa 10:00-18:00; PH off',
  ],
  association: [
    'Mo-Fr 09:00-12:00,14:00-18:00',
    'Tu,Th 14:00-17:00',
    'Mo 14:00-17:00; We 09:00-12:00,14:00-17:00; Fr 14:00-17:00',
    'week 1-53/2 Tu 14:00-17:00; Th 09:00-12:00',
    'Mo-Sa 10:00-19:00',
    'Mo-Fr 09:30-12:30,13:30-17:30; PH off',
  ],
  tiersLieu: ['We 14:00-19:00; Fr 14:00-22:00; Sa 10:00-18:00', 'Tu-Sa 10:00-19:00; PH off', 'Mo-Fr 09:00-19:00; Sa 10:00-16:00', '24/7'],
} as const;
