import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../../db/connect.ts';
import type { Logger } from '../../../logger.ts';
import type { TerritoiresService } from '../../territoires/territoires.ts';
import { CANAL_LIEUX_MODIFIES, importerFichier, type BilanImport } from '../import/importer.ts';
import { creerImport, terminerImport } from '../lieux.repository.ts';
import type { LieuStandard } from '../standard/index.ts';
import { GRAINE_PAR_DEFAUT, LIBELLE_SOURCE_DEMO, SOURCE_DEMO, TAILLE_PAR_DEFAUT, genererLieuxDemo, type CommuneDemo, type OptionsDemo } from './demo.generateur.ts';
import { enregistrerSourceDemo, insererLieuxDemo, supprimerLieuxDemo } from './demo.repository.ts';

export interface ContexteDemo {
  database: DatabaseHandle;
  territoires: Pick<TerritoiresService, 'communes' | 'resoudreCommune' | 'centroide'>;
  logger?: Logger;
}

/** Rows per INSERT: one statement per 5,000 places keeps round trips few and each statement's arrays ~3 MB. */
const TAILLE_LOT = 5_000;

/** Real published files shipped in data/lieux-reels/ (origin in data/README.md), each imported as its own source. */
export const DOSSIER_FICHIERS_REELS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../data/lieux-reels');

/**
 * Communes as the generator wants them: Paris, Lyon and Marseille through their arrondissements (their own
 * postcodes and centroids, « Paris 11e » in names), every other commune as itself.
 */
export function communesPourDemo(territoires: Pick<TerritoiresService, 'communes'>): CommuneDemo[] {
  const toutes = territoires.communes();
  const parents = new Map<string, string>();
  for (const c of toutes) if (c.type === 'COM') parents.set(c.code, c.nom);
  const avecArrondissements = new Set(toutes.filter((c) => c.type === 'ARM' && c.communeParente).map((c) => c.communeParente!));
  const resultat: CommuneDemo[] = [];
  for (const c of toutes) {
    if (c.latitude === null || c.longitude === null || c.codesPostaux.length === 0) continue;
    if (c.type === 'COM' && avecArrondissements.has(c.code)) continue;
    const arrondissement = c.type === 'ARM' && c.communeParente ? parents.get(c.communeParente) : undefined;
    resultat.push({
      code: c.code,
      nom: arrondissement ?? c.nom,
      ...(arrondissement ? { libelle: c.nom.replace(/ Arrondissement$/i, '') } : {}),
      departement: c.departement,
      region: c.region,
      codesPostaux: c.codesPostaux,
      latitude: c.latitude,
      longitude: c.longitude,
      population: c.population ?? 0,
    });
  }
  return resultat;
}

export interface BilanDemo {
  taille: number;
  graine: number;
  supprimes: number;
  inseres: number;
  dureeMs: number;
}

/**
 * (Re)generates the demo register in one transaction: the previous demo rows go, the new ones come in batches
 * of 5,000, and listeners hear about it only after commit. Real sources are never touched.
 */
export async function seedDemo(ctx: ContexteDemo, options: Partial<OptionsDemo> = {}): Promise<BilanDemo> {
  const debut = performance.now();
  const taille = options.taille ?? TAILLE_PAR_DEFAUT;
  const graine = options.graine ?? GRAINE_PAR_DEFAUT;
  const communes = communesPourDemo(ctx.territoires);
  let supprimes = 0;
  let inseres = 0;
  await ctx.database.db.transaction().execute(async (trx) => {
    await enregistrerSourceDemo(trx, { cle: SOURCE_DEMO, nom: LIBELLE_SOURCE_DEMO });
    supprimes = await supprimerLieuxDemo(trx, SOURCE_DEMO);
    const importId = await creerImport(trx, { sourceCle: SOURCE_DEMO, fichier: `générateur (taille ${taille}, graine ${graine})`, format: 'demo' });
    // The next batch is generated while the previous one is inserted (PostgreSQL works meanwhile); one write
    // in flight at most, its failure kept and rethrown before the next one, never left unhandled.
    let enVol: Promise<void> = Promise.resolve();
    let echec: { erreur: unknown } | null = null;
    const ecrire = async (lot: LieuStandard[]) => {
      await enVol;
      if (echec) throw echec.erreur;
      enVol = insererLieuxDemo(trx, SOURCE_DEMO, importId, lot).then(
        () => void (inseres += lot.length),
        (erreur: unknown) => void (echec = { erreur }),
      );
    };
    let lot: LieuStandard[] = [];
    for (const lieu of genererLieuxDemo({ taille, graine, ...(options.reference ? { reference: options.reference } : {}) }, communes)) {
      lot.push(lieu);
      if (lot.length >= TAILLE_LOT) {
        await ecrire(lot);
        lot = [];
      }
    }
    await ecrire(lot);
    await enVol;
    if (echec) throw (echec as { erreur: unknown }).erreur;
    await terminerImport(trx, importId, { lus: inseres, crees: inseres, misAJour: 0, rejetes: 0 });
  });
  await sql`SELECT pg_notify(${CANAL_LIEUX_MODIFIES}, '')`.execute(ctx.database.db);
  const bilan = { taille, graine, supprimes, inseres, dureeMs: Math.round(performance.now() - debut) };
  ctx.logger?.info(bilan, 'registre de démonstration généré');
  return bilan;
}

/** Imports every file of data/lieux-reels/ as its own source (key = file name), keeping the valid rows. */
export async function chargerFichiersReels(ctx: ContexteDemo, dossier = DOSSIER_FICHIERS_REELS): Promise<BilanImport[]> {
  // A manual `import --skip-invalid` of these files leaves its rejects beside them: never a file of places.
  const fichiers = (await readdir(dossier)).filter((f) => /\.(json|csv)$/.test(f) && !f.endsWith('.rejets.csv')).sort();
  const bilans: BilanImport[] = [];
  for (const f of fichiers) {
    bilans.push(await importerFichier(ctx, path.join(dossier, f), { ignorerInvalides: true, fichierRejets: false }));
  }
  return bilans;
}

export type ModeDemo = 'auto' | 'oui' | 'non';

/** Whether a start should load the demo: `oui` always, `auto` only on the embedded database, `non` never. */
export function demoVoulue(mode: ModeDemo, engine: DatabaseHandle['engine']): boolean {
  return mode === 'oui' || (mode === 'auto' && engine === 'pglite');
}

/**
 * First start: when the demo is wanted and the register is empty, generate the demo register and import the
 * real files. Returns what it did (null: nothing to do), so the caller and the tests can tell.
 */
export async function chargerDemoAuPremierDemarrage(ctx: ContexteDemo, mode: ModeDemo, taille = TAILLE_PAR_DEFAUT): Promise<{ demo: BilanDemo; reels: BilanImport[] } | null> {
  if (!demoVoulue(mode, ctx.database.engine)) return null;
  const existant = await ctx.database.db.selectFrom('lieux').select('uid').limit(1).executeTakeFirst();
  if (existant) return null;
  ctx.logger?.info({ taille }, 'registre vide : chargement du registre de démonstration (données fictives) et des fichiers réels');
  const debut = performance.now();
  const demo = await seedDemo(ctx, { taille });
  // The import service logs each file (read, created, rejected); here only the total.
  const reels = await chargerFichiersReels(ctx);
  const lieuxReels = reels.reduce((n, b) => n + b.crees, 0);
  ctx.logger?.info({ demo: demo.inseres, reels: lieuxReels, dureeMs: Math.round(performance.now() - debut) }, 'registre de démonstration prêt');
  return { demo, reels };
}
