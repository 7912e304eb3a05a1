import type { DatabaseHandle } from '../../db/connect.ts';
import type { Logger } from '../../logger.ts';
import type { TerritoiresService } from '../territoires/territoires.ts';
import { importerFichier, type BilanImport, type OptionsImport } from './import/importer.ts';
import { exporterLieux, parcourirLieux, type FormatExport } from './lieux.export.ts';
import { lieuPublie, type LieuPublie } from './lieux.publies.ts';
import { compterLieux, lieuParUid } from './lieux.repository.ts';
import { fraicheur, type Fraicheur, type LieuEnregistre } from './lieux.ts';

export { fraicheur, type Fraicheur, type LieuEnregistre };
export type { BilanImport, OptionsImport, FormatExport };

/** The register: import files into it, read one place, walk or export all of them. */
export interface LieuxService {
  /** Imports a CSV or JSON file (see docs/registre.md). Throws AppError('fichier_invalide') when the file itself is unreadable. */
  importer(chemin: string, options?: OptionsImport): Promise<BilanImport>;
  /** A source record, as imported or edited. */
  obtenir(uid: string): Promise<LieuEnregistre | undefined>;
  /** A place as the public sees it: merged when it is; a merged-away record names the place that shows it. */
  obtenirPublie(uid: string): Promise<{ lieu: LieuPublie } | { fusionneDans: string } | undefined>;
  compter(sourceCle?: string): Promise<number>;
  /** Every source record, in pages of `taillePage`, in (id, uid) order. */
  parcourir(taillePage?: number): AsyncGenerator<LieuEnregistre[]>;
  /** The published register (each merged place once) as text chunks in one of the published formats. */
  exporter(format: FormatExport, options?: { maintenant?: Date; taillePage?: number }): AsyncGenerator<string>;
  fraicheur(dateMaj: string, maintenant?: Date): Fraicheur;
}

export function createLieuxService(deps: { database: DatabaseHandle; territoires: Pick<TerritoiresService, 'resoudreCommune' | 'centroide'>; logger?: Logger }): LieuxService {
  const { database } = deps;
  return {
    importer: (chemin, options) => importerFichier(deps, chemin, options),
    obtenir: (uid) => lieuParUid(database.db, uid),
    obtenirPublie: (uid) => lieuPublie(database.db, uid),
    compter: (sourceCle) => compterLieux(database.db, sourceCle),
    parcourir: (taillePage) => parcourirLieux(database.db, taillePage),
    exporter: (format, options) => exporterLieux(database.db, format, options),
    fraicheur,
  };
}
