/** Lower case, no accents, single spaces: the comparison key for tolerant matching of closed values. */
export function cleComparaison(valeur: string): string {
  return valeur
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}
