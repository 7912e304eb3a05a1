import type { Issue } from '../../../errors.ts';
import type { TerritoiresService } from '../../territoires/territoires.ts';
import type { LieuStandard } from '../standard/index.ts';

export interface LieuComplete {
  lieu: LieuStandard;
  codeInseeDeduit: boolean;
  coordonneesApprochees: boolean;
  avertissements: Issue[];
}

/**
 * Fills what a source often leaves out and the register needs to place a record: the INSEE code (from
 * postcode + commune name) and, failing real coordinates, the commune's centroid — flagged as approximate
 * so maps and distance searches can say so. Never overwrites a value the source gave.
 */
export function completerLieu(lieu: LieuStandard, territoires: Pick<TerritoiresService, 'resoudreCommune' | 'centroide'>): LieuComplete {
  const avertissements: Issue[] = [];
  let codeInseeDeduit = false;
  let coordonneesApprochees = false;
  let complete = lieu;
  if (!lieu.code_insee) {
    const commune = territoires.resoudreCommune({ codePostal: lieu.code_postal, nom: lieu.commune });
    if (commune) {
      complete = { ...complete, code_insee: commune.code };
      codeInseeDeduit = true;
    } else {
      avertissements.push({
        key: 'insee_unresolved',
        field: 'code_insee',
        value: `${lieu.code_postal} ${lieu.commune}`,
        message: `Code INSEE absent et introuvable à partir du code postal ${lieu.code_postal} et de la commune « ${lieu.commune} ».`,
      });
    }
  }
  if (complete.latitude === null || complete.longitude === null) {
    const centre = complete.code_insee ? territoires.centroide(complete.code_insee) : undefined;
    if (centre) {
      complete = { ...complete, latitude: centre.latitude, longitude: centre.longitude };
      coordonneesApprochees = true;
    } else {
      avertissements.push({ key: 'coordinates_missing', field: 'latitude', message: 'Coordonnées absentes et centre de la commune inconnu : le lieu n’apparaîtra pas sur la carte.' });
    }
  }
  return { lieu: complete, codeInseeDeduit, coordonneesApprochees, avertissements };
}
