import type { Commune, TerritoiresService } from '../territoires/territoires.ts';

/** Where a query is anchored, and how we got there (shown to the user). */
export interface Origine {
  lat: number;
  lon: number;
  libelle: string;
  methode: 'point' | 'ban' | 'centre_commune';
  codeInsee?: string;
}

const DELAI_BAN_MS = 1500;

/**
 * An address → a point. With BAN_URL: the Base Adresse Nationale's best match, under a short timeout.
 * Without it, or when it fails or finds nothing: the centroid of the commune named in the address (its
 * postcode first, then its last words).
 */
export async function geocoder(adresse: string, territoires: TerritoiresService, banUrl: string | undefined): Promise<Origine | undefined> {
  if (banUrl) {
    const ban = await viaBan(adresse, banUrl);
    if (ban) return ban;
  }
  const commune = communeDeLAdresse(adresse, territoires);
  if (!commune || commune.latitude === null || commune.longitude === null) return undefined;
  return { lat: commune.latitude, lon: commune.longitude, libelle: commune.nom, methode: 'centre_commune', codeInsee: commune.code };
}

async function viaBan(adresse: string, banUrl: string): Promise<Origine | undefined> {
  try {
    const url = `${banUrl.replace(/\/$/, '')}/search/?q=${encodeURIComponent(adresse.slice(0, 200))}&limit=1`;
    const res = await fetch(url, { signal: AbortSignal.timeout(DELAI_BAN_MS) });
    if (!res.ok) return undefined;
    const corps = (await res.json()) as { features?: Array<{ geometry?: { coordinates?: unknown }; properties?: { label?: unknown; citycode?: unknown } }> };
    const f = corps.features?.[0];
    const c = f?.geometry?.coordinates;
    if (!Array.isArray(c) || typeof c[0] !== 'number' || typeof c[1] !== 'number' || !Number.isFinite(c[0]) || !Number.isFinite(c[1])) return undefined;
    const libelle = typeof f?.properties?.label === 'string' ? f.properties.label : adresse;
    const code = typeof f?.properties?.citycode === 'string' ? f.properties.citycode : undefined;
    return { lon: c[0], lat: c[1], libelle, methode: 'ban', ...(code ? { codeInsee: code } : {}) };
  } catch {
    // Timeout, refused connection, bad JSON: the commune centroid will do.
    return undefined;
  }
}

function communeDeLAdresse(adresse: string, territoires: TerritoiresService): Commune | undefined {
  const cp = /\b(\d{5})\b/.exec(adresse)?.[1];
  if (cp) {
    const parCp = territoires.communesParCodePostal(cp);
    if (parCp.length > 0) return parCp[0];
  }
  const mots = adresse.replace(/\d{5}/g, ' ').split(/[\s,]+/).filter(Boolean);
  for (let n = Math.min(4, mots.length); n >= 1; n--) {
    // A typo is corrected only in the whole text: its last words alone are often a street (« avenue Jean Jaurès »).
    const trouvees = territoires.rechercherCommunes(mots.slice(-n).join(' '), 1, { fautes: n === mots.length });
    if (trouvees.length > 0) return trouvees[0];
  }
  return undefined;
}

/** France: metropolitan, Corsica and the overseas départements and collectivités (lon/lat boxes). */
const BOITES_FRANCE: ReadonlyArray<readonly [number, number, number, number]> = [
  [-5.8, 41.2, 10.0, 51.3], // métropole et Corse
  [-63.3, 14.3, -60.7, 18.2], // Antilles (Guadeloupe, Martinique, Saint-Martin, Saint-Barthélemy)
  [-54.7, 2.0, -51.5, 6.0], // Guyane
  [55.1, -21.5, 55.9, -20.8], // La Réunion
  [44.9, -13.1, 45.4, -12.5], // Mayotte
  [-56.6, 46.7, -56.1, 47.2], // Saint-Pierre-et-Miquelon
  [-155.0, -28.0, -134.0, -7.0], // Polynésie française
  [163.0, -23.0, 169.0, -19.0], // Nouvelle-Calédonie
  [-178.3, -14.5, -176.0, -13.0], // Wallis-et-Futuna
];

export function estEnFrance(lat: number, lon: number): boolean {
  return BOITES_FRANCE.some(([a, b, c, d]) => lon >= a && lon <= c && lat >= b && lat <= d);
}
