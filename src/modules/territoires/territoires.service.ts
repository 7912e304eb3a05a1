import type { Db } from '../../db/connect.ts';
import { chargerDonneesTerritoires, type DonneesTerritoires } from './territoires.donnees.ts';
import { creerIndexNoms, type IndexNoms } from './territoires.noms.ts';
import { nettoyerCode, rechercherCommunes, resoudreCommune, type Referentiel } from './territoires.recherche.ts';
import * as depot from './territoires.repository.ts';
import type { Commune, TerritoiresService } from './territoires.ts';

// Plain code-unit order for codes (ASCII); a French collator for names. localeCompare(…, 'fr') would build a
// collator on every call: 50× slower on 35 000 names.
const parCode = (a: Commune, b: Commune) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * Loads data/territoires once (~35 k communes) and answers every lookup from memory. Synchronous on purpose:
 * the file is local, small, and needed before anything else can run.
 */
export function createTerritoiresService(donnees: DonneesTerritoires = chargerDonneesTerritoires()): TerritoiresService {
  const collateur = new Intl.Collator('fr');
  const parNom = (a: Commune, b: Commune) => collateur.compare(a.nom, b.nom) || parCode(a, b);
  const communes = Object.freeze([...donnees.communes].sort(parCode));
  const communeParCode = new Map(communes.map((c) => [c.code, c]));
  // Groups by postcode, département, EPCI and city: built in one pass on first use, so that starting a process
  // costs only the file and the code map.
  let groupes: ReturnType<typeof grouper> | undefined;
  const groupe = (nom: keyof ReturnType<typeof grouper>, cle: string): readonly Commune[] | undefined => (groupes ??= grouper(communes))[nom].get(cle);
  // Name order is only needed when a list is asked for: sorted on first access, then kept.
  const tries = new WeakSet<readonly Commune[]>();
  const trieesParNom = (g: readonly Commune[] | undefined): Commune[] => {
    if (!g) return [];
    if (!tries.has(g)) {
      (g as Commune[]).sort(parNom);
      tries.add(g);
    }
    return [...g];
  };

  const departements = Object.freeze([...donnees.departements]);
  const regions = Object.freeze([...donnees.regions]);
  const epcis = Object.freeze([...donnees.epcis]);
  const departementParCode = new Map(departements.map((d) => [d.code, d]));
  const regionParCode = new Map(regions.map((r) => [r.code, r]));
  const epciParCode = new Map(epcis.map((e) => [e.code, e]));

  // Normalising 80 000 names costs more than loading the file, and many processes (migrate, export…) never
  // search by name: the index is built on the first name query (~100 ms once).
  let index: IndexNoms | undefined;
  const ref: Referentiel = {
    index: () => (index ??= creerIndexNoms(communes, donnees.autresNoms)),
    commune: (code) => communeParCode.get(code),
    communesParCodePostal: (cp) => [...(groupe('parCodePostal', cp) ?? [])],
    anciensCodes: donnees.anciensCodes,
    arrondissementsDe: (code) => groupe('arrondissements', code) ?? [],
  };

  return {
    commune: (code) => communeParCode.get(nettoyerCode(code) ?? code),
    communesParCodePostal: (cp) => ref.communesParCodePostal(nettoyerCode(cp) ?? cp),
    rechercherCommunes: (texte, limite = 10, options) => rechercherCommunes(ref, texte, limite, options),
    resoudreCommune: (indices) => resoudreCommune(ref, indices),
    centroide(code) {
      const c = communeParCode.get(nettoyerCode(code) ?? code);
      return c && c.latitude !== null && c.longitude !== null ? { latitude: c.latitude, longitude: c.longitude } : undefined;
    },
    departement: (code) => departementParCode.get(code.trim().toUpperCase()),
    departements: () => departements,
    region: (code) => regionParCode.get(code.trim()),
    regions: () => regions,
    epci: (code) => epciParCode.get(code.trim()),
    epcis: () => epcis,
    communesDuDepartement: (code) => trieesParNom(groupe('parDepartement', code.trim().toUpperCase())),
    communesDeLEpci: (code) => trieesParNom(groupe('parEpci', code.trim())),
    communes: () => communes,
  };
}

function grouper(communes: readonly Commune[]) {
  const parCodePostal = new Map<string, Commune[]>();
  const parDepartement = new Map<string, Commune[]>();
  const parEpci = new Map<string, Commune[]>();
  const arrondissements = new Map<string, Commune[]>();
  const ajouter = (groupes: Map<string, Commune[]>, cle: string | null, c: Commune) => {
    if (cle === null) return;
    const g = groupes.get(cle);
    if (g) g.push(c);
    else groupes.set(cle, [c]);
  };
  for (const c of communes) {
    for (const cp of c.codesPostaux) ajouter(parCodePostal, cp, c);
    ajouter(parDepartement, c.departement, c);
    ajouter(parEpci, c.epci, c);
    ajouter(arrondissements, c.communeParente, c);
  }
  for (const g of parCodePostal.values()) if (g.length > 1) g.sort((a, b) => (b.population ?? 0) - (a.population ?? 0) || parCode(a, b));
  return { parCodePostal, parDepartement, parEpci, arrondissements };
}

export interface BilanSynchronisation {
  regions: number;
  departements: number;
  epci: number;
  communes: number;
}

/**
 * Copies the in-memory territories into their tables (so SQL can join on them), table by table, only when a
 * table holds fewer rows than the data: a no-op once done, cheap enough to call at every start.
 * Returns the number of rows inserted per table. One transaction: a crash never leaves half a table.
 */
export async function syncTerritoires(db: Db, territoires: TerritoiresService): Promise<BilanSynchronisation> {
  return db.transaction().execute(async (trx) => {
    const bilan: BilanSynchronisation = { regions: 0, departements: 0, epci: 0, communes: 0 };
    const manque = async (table: depot.TableTerritoire, attendu: number) => (await depot.compterLignes(trx, table)) < attendu;
    // Order matters: departements.region references regions.
    if (await manque('regions', territoires.regions().length)) {
      bilan.regions = await depot.insererRegions(trx, territoires.regions().map((r) => ({ code: r.code, nom: r.nom })));
    }
    if (await manque('departements', territoires.departements().length)) {
      bilan.departements = await depot.insererDepartements(
        trx,
        territoires.departements().map((d) => ({ code: d.code, nom: d.nom, region: d.region })),
      );
    }
    if (await manque('epci', territoires.epcis().length)) {
      bilan.epci = await depot.insererEpci(trx, territoires.epcis().map((e) => ({ code: e.code, nom: e.nom, type: e.type })));
    }
    if (await manque('communes', territoires.communes().length)) {
      bilan.communes = await depot.insererCommunes(
        trx,
        territoires.communes().map((c) => ({
          code_insee: c.code,
          nom: c.nom,
          type: c.type,
          departement: c.departement,
          region: c.region,
          epci: c.epci,
          commune_parente: c.communeParente,
          codes_postaux: [...c.codesPostaux],
          latitude: c.latitude,
          longitude: c.longitude,
          population: c.population,
        })),
      );
    }
    return bilan;
  });
}
