import path from 'node:path';
import { sql } from 'kysely';
import type pg from 'pg';
import type { DatabaseHandle, Db } from '../../../db/connect.ts';
import { AppError, type Issue } from '../../../errors.ts';
import { ouvrirLignes } from '../../../lib/lecture-lignes.ts';
import type { Logger } from '../../../logger.ts';
import type { TerritoiresService } from '../../territoires/territoires.ts';
import {
  copieDirecte, creerImport, creerTableImport, ecrireLieux, enregistrerSource, ligneCopie, lireCompteLot, requeteLotImport, sourceSansLieux,
  terminerImport, type CompteEcriture, type Executeur, type LigneLieu,
} from '../lieux.repository.ts';
import { copierDepuis, TamponCopie } from './copie-pg.ts';
import { uidLieu } from '../lieux.ts';
import { detecterFormat, ligneV1Directe, validerLieu, verifierColonnes, versStandardV1, type FormatLieux, type LieuStandard } from '../standard/index.ts';
import { completerLieu } from './completion.ts';
import { FichierRejets } from './rejets.ts';

export interface OptionsImport {
  /** Source key; defaults to the file name without extension. */
  source?: string;
  /** Write the valid rows even when some are rejected. */
  ignorerInvalides?: boolean;
  /** Run everything, then roll back. */
  simulation?: boolean;
  /** Where rejects go; defaults to `<file>.rejets.csv`; false: nowhere. */
  fichierRejets?: string | false;
  /** Marks the source and its places as demo data. */
  demo?: boolean;
  /** Reference day for date checks (tests). */
  maintenant?: Date;
  onProgression?: (p: { octetsLus: number; taille: number; lus: number }) => void;
  /** Rows per upsert statement (tests lower it to cross batch boundaries with small files). */
  tailleLot?: number;
}

export interface BilanImport {
  source: string;
  fichier: string;
  type: 'csv' | 'json';
  format: FormatLieux | null;
  encodage: string;
  lus: number;
  crees: number;
  misAJour: number;
  inchanges: number;
  rejetes: number;
  /** Whether anything was committed. */
  ecrit: boolean;
  simulation: boolean;
  importId: number | null;
  /** The first MAX_GARDES problems (all of them are in the rejects file). */
  issues: Issue[];
  nbIssues: number;
  avertissements: Issue[];
  nbAvertissements: number;
  fichierRejets: string | null;
  dureeMs: number;
}

export interface ContexteImport {
  database: DatabaseHandle;
  territoires: Pick<TerritoiresService, 'resoudreCommune' | 'centroide'>;
  logger?: Logger;
}

// Rows per write: 2,000 (on PostgreSQL one query, COPY + INSERT … SELECT + TRUNCATE; on PGlite one unnest upsert).
const TAILLE_LOT = 2_000;
const MAX_GARDES = 1000;
/** Postgres channel on which the search index of every process hears that the register changed. */
export const CANAL_LIEUX_MODIFIES = 'lieux_modifies';

class Annulation extends Error {}

const SANS_HORS_STANDARD: Readonly<Record<string, unknown>> = Object.freeze({});

export function cleSourceParDefaut(chemin: string): string {
  return path.basename(chemin).replace(/\.[^.]*$/, '');
}

/**
 * Imports one file in one transaction. Rows are validated and written in batches while the file streams
 * (bounded memory); at the end, any reject without `ignorerInvalides`, or a simulation, rolls everything
 * back, so a failed import never leaves half a file in the register.
 */
export async function importerFichier(ctx: ContexteImport, chemin: string, options: OptionsImport = {}): Promise<BilanImport> {
  const debut = Date.now();
  const source = (options.source ?? cleSourceParDefaut(chemin)).trim();
  if (!/^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u.test(source)) {
    throw new AppError('fichier_invalide', `Nom de source invalide « ${source} » : lettres, chiffres, « . », « _ » et « - » seulement.`, [{ key: 'source', message: 'Nom de source invalide.', value: source }]);
  }
  const fichier = await ouvrirLignes(chemin);
  // One reference day for the whole file (not a Date per row): date_maj « in the future » means the same thing
  // for its first and last rows.
  const optionsValidation = { aujourdhui: options.maintenant ?? new Date() };
  const rejets = options.fichierRejets === false ? undefined : new FichierRejets(options.fichierRejets ?? `${chemin}.rejets.csv`);
  const bilan: BilanImport = {
    source, fichier: path.basename(chemin), type: fichier.type, format: null, encodage: 'utf-8', lus: 0, crees: 0, misAJour: 0, inchanges: 0, rejetes: 0,
    ecrit: false, simulation: options.simulation ?? false, importId: null, issues: [], nbIssues: 0, avertissements: [], nbAvertissements: 0, fichierRejets: null, dureeMs: 0,
  };
  const avertir = (a: Issue) => {
    bilan.nbAvertissements++;
    if (bilan.avertissements.length < MAX_GARDES) bilan.avertissements.push(a);
  };
  const rejeter = async (id: string | undefined, issues: Issue[]) => {
    bilan.rejetes++;
    for (const i of issues) {
      bilan.nbIssues++;
      if (bilan.issues.length < MAX_GARDES) bilan.issues.push(i);
      await rejets?.ecrire(id, i);
    }
  };

  try {
    // On PostgreSQL the import has a connection of its own, so that its rows can go by COPY (see ecrireLot).
    const connexion = <T>(fn: (db: Db, client: pg.ClientBase | null) => Promise<T>): Promise<T> =>
      ctx.database.connexionDediee ? ctx.database.connexionDediee(fn) : fn(ctx.database.db, null);
    await connexion((db, client) => db.transaction().execute(async (trx) => {
      let importId: number | null = null;
      // PostgreSQL: how a batch is written, chosen when the import opens (ouvrir): a source's first import is a
      // plain COPY into `lieux` (copieDirecte), with the import's constants at the end of each line; otherwise
      // COPY + upsert + TRUNCATE through a staging table, as one query (requeteLotImport).
      let requeteLot: string | null = null;
      let suffixe = '';
      let direct = false;
      const ouvrir = async () => {
        const id = await ouvrirImport(trx, bilan, options.demo ?? false);
        importId = id;
        if (!client) return;
        const constantes = { source, fichier: bilan.fichier, importId: id, demo: options.demo ?? false };
        direct = await sourceSansLieux(trx, source);
        if (direct) ({ requete: requeteLot, suffixe } = copieDirecte(constantes));
        else {
          await creerTableImport(trx);
          requeteLot = requeteLotImport(trx, constantes);
        }
      };
      // PGlite: the batch's rows as objects (ecrireLieux); PostgreSQL: as COPY lines (ligneCopie), so that a
      // row's object is garbage as soon as it is validated.
      let lot: LigneLieu[] = [];
      // Two buffers in turn: one is being sent while the next batch fills the other (one write in flight).
      const tampons = client ? [new TamponCopie(), new TamponCopie()] : [];
      let tampon = tampons[0];
      const vus = new Map<string, number>();
      // One batch is written while the next one is read and validated: on PostgreSQL the server and this
      // process then work at the same time (bench:import). At most one write is in flight, so memory stays
      // bounded; its failure is kept and rethrown at the next batch or at the end (never left unhandled).
      let enVol: Promise<void> | null = null;
      let echec: { erreur: unknown } | null = null;
      const attendreEcriture = async () => {
        if (enVol) await enVol;
        enVol = null;
        if (echec) throw echec.erreur;
      };
      const ajouter = (ligne: LigneLieu) => {
        if (tampon) tampon.ajouter(ligneCopie(ligne, suffixe));
        else lot.push(ligne);
      };
      const tailleLot = () => (tampon ? tampon.lignes : lot.length);
      const ecrireLot = async () => {
        if (tailleLot() === 0) return;
        let envoye = false;
        // Once a row is rejected without --skip-invalid, nothing will be kept: stop writing, keep validating.
        if (bilan.rejetes === 0 || options.ignorerInvalides) {
          await attendreEcriture();
          // Opened at the first valid row, under this same condition (which only ever turns false).
          const id = importId!;
          let ecriture: Promise<CompteEcriture>;
          if (client && tampon && requeteLot) {
            const n = tampon.lignes;
            // A COPY is all or nothing: when it succeeds, every line is a new record.
            const compter = direct ? () => ({ crees: n, misAJour: 0, inchanges: 0 }) : lireCompteLot;
            ecriture = copierDepuis(client, requeteLot, tampon.contenu()).then(compter);
          } else {
            // The batch's rows are this loop's own objects (versLigne): set in place, no copy per row.
            for (const l of lot) l.import_id = id;
            ecriture = ecrireLieux(trx, lot);
          }
          envoye = true;
          enVol = ecriture.then(
            (r) => {
              bilan.crees += r.crees;
              bilan.misAJour += r.misAJour;
              bilan.inchanges += r.inchanges;
            },
            (erreur: unknown) => {
              echec = { erreur };
            },
          );
        }
        lot = [];
        if (tampon) {
          // After a write, the next batch goes to the other buffer, whose own write was awaited above
          // (attendreEcriture); without a write, this one is simply reused.
          if (envoye) tampon = tampon === tampons[0] ? tampons[1]! : tampons[0]!;
          tampon.vider();
        }
      };

      try {
        await lireEtEcrire();
      } finally {
        // A file error in the middle: let the write in flight settle before the rollback is sent.
        await (enVol as Promise<void> | null)?.catch(() => undefined);
      }
      async function lireEtEcrire() {
        for await (const brut of fichier.lignes) {
          bilan.lus++;
          if (options.onProgression && bilan.lus % 1000 === 0) options.onProgression({ octetsLus: fichier.texte.octetsLus(), taille: fichier.texte.taille, lus: bilan.lus });
          if (!brut.valeurs) {
            await rejeter(undefined, [brut.issue!]);
            continue;
          }
          if (!bilan.format) {
            bilan.format = detecterFormat(Object.keys(brut.valeurs));
            // A CSV header is the file's promise for every row; a JSON object may omit its empty fields.
            if (fichier.type === 'csv') verifierEntete(bilan.format, Object.keys(brut.valeurs), avertir);
          }
          // A v1 row already in the standard's words is validated as it is (ligneV1Directe: same result, less work).
          const correspondance =
            bilan.format === 'standard-v1' && ligneV1Directe(brut.valeurs)
              ? { champs: brut.valeurs, horsStandard: SANS_HORS_STANDARD, avertissements: [] }
              : versStandardV1(bilan.format, brut.valeurs, brut.ligne);
          const { lieu, issues, avertissements } = validerLieu(correspondance.champs, brut.ligne, optionsValidation);
          for (const a of correspondance.avertissements) avertir({ line: brut.ligne, ...a });
          for (const a of avertissements) avertir({ line: brut.ligne, ...a });
          const id = lieu?.id ?? texte(correspondance.champs.id);
          if (id !== undefined) {
            // Compared as the register will hold it: in UTF-8 a lone surrogate (a JSON escape) becomes U+FFFD.
            const cle = id.toWellFormed();
            const premiere = vus.get(cle);
            if (premiere !== undefined) {
              issues.push({ key: 'duplicate_id', field: 'id', value: id, line: brut.ligne, message: `Identifiant « ${id} » déjà utilisé ligne ${premiere} : chaque lieu du fichier doit avoir un id unique.` });
            } else vus.set(cle, brut.ligne);
          }
          if (issues.length || !lieu) {
            await rejeter(id, issues.map((i) => ({ line: brut.ligne, ...i })));
            continue;
          }
          // The import opens at its first valid row that may be written: a first import's COPY lines carry its id.
          if (importId === null && (bilan.rejetes === 0 || options.ignorerInvalides)) await ouvrir();
          const complete = completerLieu(lieu, ctx.territoires);
          for (const a of complete.avertissements) avertir({ line: brut.ligne, ...a });
          ajouter(versLigne(source, bilan.fichier, complete.lieu, complete, correspondance.horsStandard, options.demo ?? false));
          if (tailleLot() >= (options.tailleLot ?? TAILLE_LOT)) await ecrireLot();
        }
        await ecrireLot();
        await attendreEcriture();
      }
      bilan.encodage = fichier.texte.encodage();
      for (const a of fichier.texte.avertissements) avertir(a);
      if (bilan.lus === 0) {
        throw new AppError('fichier_invalide', 'Le fichier ne contient aucun lieu.', [{ key: 'empty_file', message: 'Le fichier ne contient aucun lieu.' }]);
      }
      if (bilan.rejetes > 0 && !options.ignorerInvalides) throw new Annulation();
      if (importId === null) importId = await ouvrirImport(trx, bilan, options.demo ?? false);
      await terminerImport(trx, importId, bilan);
      bilan.importId = importId;
      if (bilan.simulation) throw new Annulation();
    }));
    bilan.ecrit = true;
  } catch (err) {
    if (!(err instanceof Annulation)) {
      await rejets?.fermer().catch(() => undefined);
      throw err;
    }
    bilan.importId = null;
  }
  if (!bilan.ecrit && !options.ignorerInvalides) {
    // Nothing was kept: the created/updated counts of the rolled-back run would only mislead.
    if (!bilan.simulation || bilan.rejetes > 0) Object.assign(bilan, { crees: 0, misAJour: 0, inchanges: 0 });
  }
  if (rejets && (await rejets.fermer())) bilan.fichierRejets = rejets.chemin;
  if (bilan.ecrit) {
    // After commit only: listeners must never rebuild from a state that could still be rolled back.
    await sql`SELECT pg_notify(${CANAL_LIEUX_MODIFIES}, ${String(bilan.importId ?? '')})`.execute(ctx.database.db);
  }
  bilan.dureeMs = Date.now() - debut;
  ctx.logger?.info({ source, fichier: bilan.fichier, lus: bilan.lus, crees: bilan.crees, misAJour: bilan.misAJour, rejetes: bilan.rejetes, ecrit: bilan.ecrit }, 'import de lieux');
  return bilan;
}

function verifierEntete(format: FormatLieux, colonnes: string[], avertir: (a: Issue) => void): void {
  const { issues, avertissements } = verifierColonnes(format, colonnes);
  for (const a of avertissements) avertir({ line: 1, ...a });
  if (issues.length) {
    const noms = issues.map((i) => i.field).join(', ');
    throw new AppError('fichier_invalide', `Colonne(s) obligatoire(s) absente(s) de l’en-tête : ${noms}.`, issues.map((i) => ({ line: 1, ...i })));
  }
}

async function ouvrirImport(trx: Executeur, bilan: BilanImport, demo: boolean): Promise<number> {
  const format = bilan.format ?? 'inconnu';
  await enregistrerSource(trx, { cle: bilan.source, nom: bilan.source, format, demo });
  return creerImport(trx, { sourceCle: bilan.source, fichier: bilan.fichier, format: `${format} (${bilan.type})` });
}

function texte(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim()) return v.trim();
  if (typeof v === 'number') return String(v);
  return undefined;
}

function versLigne(
  source: string,
  fichier: string,
  lieu: LieuStandard,
  deduit: { coordonneesApprochees: boolean; codeInseeDeduit: boolean },
  horsStandard: Record<string, unknown>,
  demo: boolean,
): LigneLieu {
  // `lieu` is a fresh object of this row (validerLieu, completerLieu): completed in place rather than copied.
  const ligne = lieu as LieuStandard & LigneLieu;
  ligne.uid = uidLieu(source, lieu.id);
  ligne.source_cle = source;
  ligne.coordonnees_approchees = deduit.coordonneesApprochees;
  ligne.code_insee_deduit = deduit.codeInseeDeduit;
  ligne.fichier = fichier;
  ligne.hors_standard = JSON.stringify(horsStandard);
  ligne.demo = demo;
  return ligne;
}
