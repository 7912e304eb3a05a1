import { AppError } from '../../errors.ts';
import type { Commune, TerritoiresService } from '../territoires/territoires.ts';
import { estEnFrance, geocoder, type Origine } from './geocodage.ts';
import type { Requete } from './recherche.schema.ts';

/** The "where" of a query: an origin point (point, address, commune, postcode) and territory posting keys. */
export async function resoudreOu(r: Requete, territoiresService: TerritoiresService, banUrl: string | undefined): Promise<{ origine?: Origine; territoires: string[] }> {
  const territoires: string[] = [];
  let origine: Origine | undefined;
  if ((r.lat === undefined) !== (r.lon === undefined)) throw invalide('lat', 'Donnez lat et lon ensemble.');
  if (r.lat !== undefined && r.lon !== undefined) {
    if (!estEnFrance(r.lat, r.lon)) throw invalide('lat', `Le point (${r.lat}, ${r.lon}) est hors de France : l’annuaire ne couvre que la France (métropole et outre-mer).`);
    origine = { lat: r.lat, lon: r.lon, libelle: `${r.lat}, ${r.lon}`, methode: 'point' };
  } else if (r.adresse) {
    origine = await geocoder(r.adresse, territoiresService, banUrl);
    if (!origine) throw invalide('adresse', `Adresse introuvable : « ${court(r.adresse)} ». Indiquez au moins la commune ou le code postal.`);
  }
  if (r.commune) {
    const code = /^(\d[\dAB]\d{3})$/i.test(r.commune) ? r.commune.toUpperCase() : undefined;
    const c = (code && territoiresService.commune(code)) || territoiresService.rechercherCommunes(r.commune, 1)[0];
    if (!c) throw invalide('commune', `Commune inconnue : « ${court(r.commune)} ». Essayez son nom, son code postal ou son code INSEE.`);
    if (!origine && c.latitude !== null && c.longitude !== null) origine = { lat: c.latitude, lon: c.longitude, libelle: c.nom, methode: 'centre_commune', codeInsee: c.code };
    if (r.rayon_km === undefined && r.k === undefined) territoires.push(`c:${c.code}`);
  }
  if (r.code_postal) {
    const cs = territoiresService.communesParCodePostal(r.code_postal);
    if (cs.length === 0) throw invalide('code_postal', `Code postal inconnu : « ${r.code_postal} ».`);
    const c = cs[0]!;
    if (!origine && c.latitude !== null && c.longitude !== null) origine = { lat: c.latitude, lon: c.longitude, libelle: `${r.code_postal} ${c.nom}`, methode: 'centre_commune', codeInsee: c.code };
    if (r.rayon_km === undefined && r.k === undefined) territoires.push(`p:${r.code_postal}`);
  }
  return { ...(origine ? { origine } : {}), territoires };
}

/**
 * The same service, with commune-name lookups remembered: the référentiel never changes while the process runs,
 * and a name lookup (fuzzy, over 35,000 communes) cost a quarter of a « near a commune » search.
 */
export function avecCommunesMemorisees(t: TerritoiresService, taille = 2000): TerritoiresService {
  const vues = new Map<string, Commune[]>();
  return {
    ...t,
    rechercherCommunes(texte, limite = 10, options) {
      const cle = `${limite}|${options?.fautes === false ? 'exact' : 'fautes'}|${texte}`;
      let r = vues.get(cle);
      if (!r) {
        r = t.rechercherCommunes(texte, limite, options);
        if (vues.size >= taille) vues.clear();
        vues.set(cle, r);
      }
      return r;
    },
  };
}

export function combiner(...cles: (string | string[] | undefined)[]): string[] {
  return cles.flat().filter((c): c is string => c !== undefined);
}

export function jourMin(r: Requete, maintenant: Date): number | undefined {
  const jours: number[] = [];
  if (r.date_maj_min) jours.push(Math.floor(Date.parse(`${r.date_maj_min}T00:00:00Z`) / 86400000));
  if (r.fraicheur) {
    const mois = r.fraicheur === 'a_jour' ? 12 : 18;
    // Same calendar-month rule as lieux' fraicheur(): strictly less than `mois` months old.
    const d = new Date(Date.UTC(maintenant.getUTCFullYear(), maintenant.getUTCMonth() - mois, maintenant.getUTCDate()));
    jours.push(Math.floor(d.getTime() / 86400000) + 1);
  }
  return jours.length ? Math.max(...jours) : undefined;
}

export function invalide(champ: string, message: string): AppError {
  return new AppError('requete_invalide', message, [{ key: 'invalid', field: champ, message }]);
}

function court(v: string): string {
  return v.length > 60 ? `${v.slice(0, 60)}…` : v;
}
