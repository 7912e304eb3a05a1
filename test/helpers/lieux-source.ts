import type { LieuSource } from '../../src/modules/sources/dedupe/types.ts';
import type { LieuStandard } from '../../src/modules/lieux/standard/index.ts';

const VIDE: LieuStandard = {
  id: '', pivot: '00000000000000', nom: '', commune: 'Soyaux', code_postal: '16800', code_insee: '16374', adresse: '',
  complement_adresse: null, latitude: null, longitude: null, typologie: null, telephone: null, courriels: null,
  site_web: null, horaires: null, presentation_resume: null, presentation_detail: null, source: null, itinerance: null,
  structure_parente: null, date_maj: '2026-01-01', services: null, publics_specifiquement_adresses: null,
  prise_en_charge_specifique: null, frais_a_charge: null, dispositif_programmes_nationaux: null, formations_labels: null,
  autres_formations_labels: null, modalites_acces: null, modalites_accompagnement: null, fiche_acces_libre: null, prise_rdv: null,
};
let compteur = 0;
/** A place for dedupe tests: every field empty except those given; uid and source vary with each call. */
export function lieu(champs: Partial<LieuSource>): LieuSource {
  compteur++;
  return { ...VIDE, id: `x${compteur}`, uid: `u${String(compteur).padStart(4, '0')}`, source_cle: `s${compteur % 5}`, ...champs };
}
