import type { Insertable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { LieuxTable } from '../lieux/lieux.tables.ts';

/** Test fixtures: places written straight into `lieux` (the search reads the table, whoever wrote it). */
export type LieuFixture = Partial<Omit<Insertable<LieuxTable>, 'hors_standard'>> & { uid: string; nom: string };

export async function insererLieux(db: Db, lieux: readonly LieuFixture[], source = 'test'): Promise<void> {
  await db.insertInto('sources').values({ cle: source, nom: 'Source de test' }).onConflict((oc) => oc.column('cle').doNothing()).execute();
  if (lieux.length === 0) return;
  await db
    .insertInto('lieux')
    .values(
      lieux.map((l) => ({
        source_cle: source,
        id: l.uid,
        pivot: '12345678901234',
        commune: 'Paris',
        code_postal: '75001',
        adresse: '1 rue de test',
        date_maj: '2026-01-15',
        hors_standard: '{}',
        ...l,
      })),
    )
    .execute();
}

const AIDE = 'Aide aux démarches administratives';

/** A small register over real communes: two Lyon arrondissements, Villeurbanne, Paris 11e, Strasbourg, Guadeloupe… */
export const LIEUX_TEST: readonly LieuFixture[] = [
  {
    uid: 'lyon-media', nom: 'Médiathèque François Mitterrand', commune: 'Lyon', code_postal: '69001', code_insee: '69381', latitude: 45.767, longitude: 4.834,
    services: [AIDE], frais_a_charge: ['Gratuit'], horaires: 'Mo-Fr 09:00-18:00; PH off', typologie: ['BIB'], prise_rdv: 'https://rdv.example.org/lyon', structure_parente: 'Ville de Lyon',
    modalites_accompagnement: ['Accompagnement individuel'],
  },
  {
    uid: 'lyon-epn', nom: 'Espace public numérique Croix-Rousse', commune: 'Lyon', code_postal: '69004', code_insee: '69384', latitude: 45.776, longitude: 4.829,
    services: ['Loisirs et créations numériques'], frais_a_charge: ['Payant'], horaires: 'Sa 10:00-12:00', typologie: ['EPN'], fiche_acces_libre: 'https://acceslibre.beta.gouv.fr/x',
    modalites_accompagnement: ['Dans un atelier collectif'], formations_labels: ['Mes Papiers (Métropole de Lyon)'],
  },
  {
    uid: 'villeurbanne', nom: 'Maison France Services', commune: 'Villeurbanne', code_postal: '69100', code_insee: '69266', latitude: 45.766, longitude: 4.879,
    services: [AIDE, 'Accès internet et matériel informatique'], dispositif_programmes_nationaux: ['France Services'], frais_a_charge: ['Gratuit sous condition'], horaires: '24/7',
    publics_specifiquement_adresses: ['Jeunes'], prise_en_charge_specifique: ['Surdité'],
  },
  {
    uid: 'paris-11', nom: 'Espace numérique Oberkampf', commune: 'Paris', code_postal: '75011', code_insee: '75111', latitude: 48.865, longitude: 2.377,
    services: ['Maîtrise des outils numériques du quotidien'], publics_specifiquement_adresses: ['Seniors'], horaires: 'Mo-Fr 14:00-17:00', modalites_acces: ['Prendre un RDV en ligne'],
  },
  {
    uid: 'strasbourg', nom: 'Médiathèque Malraux', commune: 'Strasbourg', code_postal: '67000', code_insee: '67482', latitude: 48.575, longitude: 7.761,
    services: [AIDE], horaires: 'Mo-Fr 10:00-19:00; PH off', typologie: ['BIB', 'MUNI'],
  },
  {
    uid: 'guadeloupe', nom: 'Cyber-base Pointe-à-Pitre', commune: 'Pointe-à-Pitre', code_postal: '97110', code_insee: '97120', latitude: 16.241, longitude: -61.533,
    horaires: 'Mo-Fr 08:00-12:00; PH off',
  },
  {
    uid: 'saint-etienne', nom: 'Atelier numérique', commune: 'Saint-Étienne', code_postal: '42000', code_insee: '42218', latitude: 45.434, longitude: 4.39,
    date_maj: '2023-01-01', itinerance: ['Itinérant'],
  },
  { uid: 'rennes', nom: 'Point numérique', commune: 'Rennes', code_postal: '35000', code_insee: '35238', services: [AIDE] },
];
