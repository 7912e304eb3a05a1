/**
 * `maillage sources import <source> <file>`: a producer's raw file → its declarative mapping → a standard v1
 * JSON file → the register's own import (validation, all-or-nothing write). Rows that cannot be mapped are
 * reported with their reasons; without --skip-invalid a single one rejects the whole file and the register is
 * left untouched.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError, type Issue } from '../../../errors.ts';
import type { BilanImport, LieuxService } from '../../lieux/lieux.service.ts';
import { validerLieu } from '../../lieux/standard/index.ts';
import { appliquer } from './correspondance.ts';
import { SOURCES_BRUTES, sourceBrute } from './sources-brutes.ts';

export interface BilanImportBrut {
  source: string;
  lues: number;
  ignorees: number;
  rejetees: number;
  issues: Issue[];
  avertissements: Issue[];
  horairesConvertis: number;
  horairesTexte: number;
  import: BilanImport | null;
}

export interface OptionsImportBrut {
  ignorerInvalides?: boolean;
  simulation?: boolean;
  maintenant?: Date;
}

export async function importerBrut(lieux: Pick<LieuxService, 'importer'>, cleSource: string, chemin: string, options: OptionsImportBrut = {}): Promise<BilanImportBrut> {
  const c = sourceBrute(cleSource);
  if (!c) {
    throw new AppError('requete_invalide', `Source inconnue « ${cleSource} ». Sources décrites : ${SOURCES_BRUTES.map((s) => s.cle).join(', ')}.`);
  }
  let lignes: unknown;
  try {
    lignes = JSON.parse(await readFile(chemin, 'utf8'));
  } catch (err) {
    throw new AppError('fichier_invalide', `Fichier illisible : ${(err as Error).message.slice(0, 200)}`);
  }
  if (!Array.isArray(lignes)) throw new AppError('fichier_invalide', 'Un tableau JSON de lignes est attendu.');
  const bilan: BilanImportBrut = { source: c.cle, lues: lignes.length, ignorees: 0, rejetees: 0, issues: [], avertissements: [], horairesConvertis: 0, horairesTexte: 0, import: null };
  const sortie: Record<string, unknown>[] = [];
  lignes.forEach((brut: unknown, k) => {
    const numero = k + 1;
    if (typeof brut !== 'object' || brut === null || Array.isArray(brut)) {
      bilan.rejetees++;
      bilan.issues.push({ key: 'row_type', message: 'objet JSON attendu', line: numero });
      return;
    }
    const ligne = brut as Record<string, unknown>;
    if (c.ignorer?.(ligne)) {
      bilan.ignorees++;
      return;
    }
    const m = appliquer(c, ligne, numero);
    // The standard's own validation now, so that every reason is reported before anything is written.
    const v = m.issues.length ? null : validerLieu(m.champs, numero, options.maintenant ? { aujourdhui: options.maintenant } : {});
    const issues = [...m.issues, ...(v?.issues ?? [])];
    bilan.avertissements.push(...m.avertissements);
    if (issues.length) {
      bilan.rejetees++;
      bilan.issues.push(...issues);
      return;
    }
    if (m.champs.horaires) bilan.horairesConvertis++;
    if (m.champs.horaires_texte) bilan.horairesTexte++;
    const plat: Record<string, unknown> = {};
    for (const [k2, val] of Object.entries(m.champs)) plat[k2] = Array.isArray(val) ? val.join('|') : val;
    sortie.push(plat);
  });
  if (bilan.rejetees && !options.ignorerInvalides) {
    throw new AppError('fichier_invalide', `${bilan.rejetees} ligne(s) sur ${bilan.lues} ne correspondent pas au standard : rien n’a été importé.`, bilan.issues);
  }
  if (sortie.length === 0) throw new AppError('fichier_invalide', 'Aucune ligne importable dans ce fichier.', bilan.issues);
  const dossier = await mkdtemp(path.join(tmpdir(), 'maillage-brut-'));
  try {
    const fichier = path.join(dossier, `${c.cle}.json`);
    await writeFile(fichier, JSON.stringify(sortie));
    bilan.import = await lieux.importer(fichier, {
      source: c.cle, fichierRejets: false, ignorerInvalides: options.ignorerInvalides ?? false, simulation: options.simulation ?? false,
      ...(options.maintenant ? { maintenant: options.maintenant } : {}),
    });
  } finally {
    await rm(dossier, { recursive: true, force: true });
  }
  return bilan;
}
