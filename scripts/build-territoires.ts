// Builds data/territoires/territoires.json.gz, the only territory file the product reads.
// Usage: node scripts/build-territoires.ts   (re-run after upgrading @etalab/decoupage-administratif)
//
// Inputs (build time only):
// - node_modules/@etalab/decoupage-administratif/data/*.json: current COG (communes, arrondissements municipaux,
//   communes déléguées/associées, départements, régions, EPCI with members, postcodes).
// - ../shared/data/territoires/communes.csv: one row per (commune, postcode) with centroid lat/lng, area and
//   population 2021 (INSEE COG 2024 + comparateur de territoires + official postcode base).
// The COG is newer than the CSV: communes created since (mergers, re-established communes) get their centroid
// and population from the CSV rows of their parts, see `completer` below.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { normaliserTexte } from '../src/lib/texte.ts';

const require = createRequire(import.meta.url);
const decoupage = (f: string): unknown => require(`@etalab/decoupage-administratif/data/${f}.json`);
const partage = path.resolve('../shared/data/territoires');
const sortie = path.resolve('data/territoires');

interface CogCommune {
  code: string;
  nom: string;
  type: 'commune-actuelle' | 'arrondissement-municipal' | 'commune-deleguee' | 'commune-associee';
  departement: string;
  region: string;
  commune?: string;
  chefLieu?: string;
  codesPostaux?: string[];
  population?: number;
  anciensCodes?: string[];
}
interface CogEpci {
  code: string;
  nom: string;
  type: string;
  membres: Array<{ code: string }>;
}
interface LigneCsv {
  insee_com: string;
  commune: string;
  commune_article: string;
  code_postal: string;
  commune_type: string;
  lat: string;
  lng: string;
  superficie_km2: string;
  population_2021: string;
}
interface Mesure {
  lat: number | null;
  lng: number | null;
  superficie: number;
  population: number | null;
}

const cog = decoupage('communes') as CogCommune[];
const epcis = decoupage('epci') as CogEpci[];
const departements = decoupage('departements') as Array<{ code: string; nom: string; region: string }>;
const regions = decoupage('regions') as Array<{ code: string; nom: string }>;

const lignes = parse(readFileSync(path.join(partage, 'communes.csv')), { columns: true, skip_empty_lines: true }) as LigneCsv[];
// The CSV repeats a commune once per postcode; COMD rows carry the parent's code, so only COM/ARM rows measure.
const mesures = new Map<string, Mesure>();
const postauxCsv = new Map<string, Set<string>>();
const nomsCsv = new Map<string, Set<string>>();
for (const l of lignes) {
  const noms = nomsCsv.get(l.insee_com) ?? new Set<string>();
  noms.add(l.commune).add(l.commune_article);
  nomsCsv.set(l.insee_com, noms);
  if (l.commune_type === 'COMD') continue;
  if (l.code_postal) postauxCsv.set(l.insee_com, (postauxCsv.get(l.insee_com) ?? new Set<string>()).add(l.code_postal));
  if (!mesures.has(l.insee_com)) {
    mesures.set(l.insee_com, {
      lat: l.lat ? Number(l.lat) : null,
      lng: l.lng ? Number(l.lng) : null,
      superficie: Number(l.superficie_km2) || 0,
      population: l.population_2021 ? Number(l.population_2021) : null,
    });
  }
}

const actuelles = cog.filter((c) => c.type === 'commune-actuelle' || c.type === 'arrondissement-municipal');
const epciDe = new Map<string, string>();
for (const e of epcis) for (const m of e.membres) epciDe.set(m.code, e.code);

/** Area-weighted centroid and summed population of parts (arrondissements, or communes merged since). */
function assembler(parts: Mesure[]): Mesure | undefined {
  const situees = parts.filter((p) => p.lat !== null && p.lng !== null && p.superficie > 0);
  if (!situees.length) return undefined;
  const aire = situees.reduce((s, p) => s + p.superficie, 0);
  const pop = parts.every((p) => p.population !== null) ? parts.reduce((s, p) => s + (p.population ?? 0), 0) : null;
  const arrondi = (x: number) => Math.round(x * 1e5) / 1e5;
  return {
    lat: arrondi(situees.reduce((s, p) => s + p.lat! * p.superficie, 0) / aire),
    lng: arrondi(situees.reduce((s, p) => s + p.lng! * p.superficie, 0) / aire),
    superficie: aire,
    population: pop,
  };
}

const approximations: string[] = [];
/** The CSV's own row, else its parts, else the mean of the CSV communes sharing its postcodes (approximate). */
function completer(c: CogCommune): Mesure {
  const propre = mesures.get(c.code);
  if (propre && propre.lat !== null) return propre;
  // Former codes present in the CSV are either merged communes or the same commune before its code changed
  // (a commune nouvelle moving its chef-lieu): in both cases their sum is the commune of today.
  const connues = (codes: string[]) => codes.map((a) => mesures.get(a)).filter((m): m is Mesure => m !== undefined);
  const arrondissements = connues(actuelles.filter((a) => a.commune === c.code).map((a) => a.code));
  const parts = arrondissements.length ? arrondissements : connues(c.anciensCodes ?? []);
  const assemble = assembler(parts);
  if (assemble) return { ...assemble, population: propre?.population ?? assemble.population };
  const voisins = [...new Set(c.codesPostaux ?? [])].flatMap((cp) =>
    actuelles.filter((a) => a.code !== c.code && a.type === 'commune-actuelle' && a.codesPostaux?.includes(cp)).map((a) => mesures.get(a.code)),
  );
  const moyenne = assembler(voisins.filter((m): m is Mesure => m !== undefined).map((m) => ({ ...m, superficie: 1 })));
  if (moyenne) approximations.push(`${c.code} ${c.nom}`);
  return { lat: moyenne?.lat ?? null, lng: moyenne?.lng ?? null, superficie: 0, population: propre?.population ?? null };
}

const communes = actuelles.map((c) => {
  const m = completer(c);
  const parente = c.type === 'arrondissement-municipal' ? (c.commune ?? null) : null;
  const epci = epciDe.get(parente ?? c.code) ?? null;
  const postaux = c.codesPostaux?.length ? c.codesPostaux : [...(postauxCsv.get(c.code) ?? [])];
  return [
    c.code,
    c.nom,
    c.type === 'arrondissement-municipal' ? 'ARM' : 'COM',
    c.departement,
    c.region,
    epci,
    parente,
    [...new Set(postaux)].sort().join(' '),
    m.lat,
    m.lng,
    m.population ?? c.population ?? null,
  ];
});

// Other names a file may still use: communes déléguées/associées, former communes merged since, former spellings.
const codesActuels = new Set(actuelles.map((c) => c.code));
const actuelDe = new Map<string, string>();
for (const c of actuelles) for (const a of c.anciensCodes ?? []) if (!codesActuels.has(a)) actuelDe.set(a, c.code);
const nomActuel = new Map(actuelles.map((c) => [c.code, normaliserTexte(c.nom)]));
const autresNoms = new Map<string, [string, string]>();
const ajouterNom = (nom: string, code: string | undefined) => {
  if (!code || !codesActuels.has(code) || normaliserTexte(nom) === nomActuel.get(code)) return;
  autresNoms.set(`${normaliserTexte(nom)}|${code}`, [nom, code]);
};
for (const c of cog) if (c.chefLieu) ajouterNom(c.nom, c.chefLieu);
for (const [code, noms] of nomsCsv) for (const nom of noms) ajouterNom(nom, codesActuels.has(code) ? code : actuelDe.get(code));

// Column-oriented: one '|'-joined string per column. JSON.parse then reads a few long strings instead of
// 400 000 small values, and String.split rebuilds each column natively: loading is several times faster.
function colonnes(lignes: ReadonlyArray<ReadonlyArray<string | number | null>>, noms: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    noms.map((nom, i) => {
      const valeurs = lignes.map((l) => (l[i] === null || l[i] === undefined ? '' : String(l[i])));
      const fautive = valeurs.find((v) => v.includes('|'));
      if (fautive !== undefined) throw new Error(`valeur avec '|' : ${fautive}`);
      return [nom, valeurs.join('|')];
    }),
  );
}
const donnees = {
  format: 2,
  origine: 'INSEE COG via @etalab/decoupage-administratif ; centroïdes et population 2021 : shared communes.csv',
  regions: colonnes(regions.map((r) => [r.code, r.nom]), ['code', 'nom']),
  departements: colonnes(departements.map((d) => [d.code, d.nom, d.region]), ['code', 'nom', 'region']),
  epci: colonnes(epcis.map((e) => [e.code, e.nom, e.type]), ['code', 'nom', 'type']),
  communes: colonnes(communes, ['code', 'nom', 'type', 'departement', 'region', 'epci', 'parente', 'codesPostaux', 'latitude', 'longitude', 'population']),
  anciensCodes: colonnes([...actuelDe].sort(), ['ancien', 'actuel']),
  autresNoms: colonnes(
    [...autresNoms.values()].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0])),
    ['nom', 'code'],
  ),
};
mkdirSync(sortie, { recursive: true });
const gz = gzipSync(JSON.stringify(donnees), { level: 9 });
writeFileSync(path.join(sortie, 'territoires.json.gz'), gz);
// Read + write rather than copy: the shared originals are read-only and the copies must stay writable.
for (const f of ['ifn-communes.csv', 'ifn-epci.csv']) writeFileSync(path.join(sortie, f), readFileSync(path.join(partage, f)));

const sansCentre = communes.filter((c) => c[8] === null).map((c) => `${c[0]} ${c[1]}`);
console.log(`territoires.json.gz : ${communes.length} communes, ${epcis.length} EPCI, ${actuelDe.size} anciens codes, ${autresNoms.size} autres noms, ${(gz.length / 1024).toFixed(0)} Ko`);
console.log(`centre approché (communes voisines de même code postal) : ${approximations.join(', ') || 'aucune'}`);
console.log(`sans centre (${sansCentre.length}) : ${sansCentre.slice(0, 8).join(', ')}${sansCentre.length > 8 ? '…' : ''}`);
