/**
 * Short names for the standard's nine services, for code that generates or maps them (demo register, raw
 * producer files). schema.test.ts checks that they are exactly the schema's enumeration, so a new version of
 * the standard that renames one fails there rather than producing invalid places.
 */
export const SERVICES = {
  demarches: 'Aide aux démarches administratives',
  quotidien: 'Maîtrise des outils numériques du quotidien',
  insertion: 'Insertion professionnelle via le numérique',
  securite: 'Utilisation sécurisée du numérique',
  parentalite: 'Parentalité et éducation avec le numérique',
  loisirs: 'Loisirs et créations numériques',
  comprehension: 'Compréhension du monde numérique',
  acces: 'Accès internet et matériel informatique',
  materiel: 'Acquisition de matériel informatique à prix solidaire',
} as const;
