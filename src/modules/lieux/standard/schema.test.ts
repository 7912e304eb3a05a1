import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHAMPS, CHAMPS_LISTE, CHAMPS_OBLIGATOIRES, DEFINITIONS, ENUMERATIONS, SERVICES, VERSION_STANDARD } from './index.ts';

describe('standard v1.0.2 derived from the official schema', () => {
  it('has the 32 fields in the official column order', () => {
    assert.equal(VERSION_STANDARD, 'v1.0.2');
    assert.equal(CHAMPS.length, 32);
    assert.deepEqual(CHAMPS.slice(0, 7), ['id', 'pivot', 'nom', 'commune', 'code_postal', 'code_insee', 'adresse']);
    assert.equal(CHAMPS[31], 'prise_rdv');
  });

  it('knows the 7 required fields', () => {
    assert.deepEqual([...CHAMPS_OBLIGATOIRES], ['id', 'pivot', 'nom', 'commune', 'code_postal', 'adresse', 'date_maj']);
  });

  it('extracts every enumeration from the patterns, unescaped', () => {
    const tailles = Object.fromEntries(Object.entries(ENUMERATIONS).map(([k, v]) => [k, v.length]));
    assert.deepEqual(tailles, {
      itinerance: 2,
      services: 9,
      publics_specifiquement_adresses: 5,
      prise_en_charge_specifique: 7,
      frais_a_charge: 3,
      dispositif_programmes_nationaux: 11,
      formations_labels: 10,
      modalites_acces: 6,
      modalites_accompagnement: 4,
    });
    assert.ok(ENUMERATIONS.prise_en_charge_specifique.includes('Langues étrangères (anglais)'));
    assert.ok(ENUMERATIONS.dispositif_programmes_nationaux.includes('Relais numérique (Emmaüs Connect)'));
    assert.ok(ENUMERATIONS.formations_labels.includes('ORDI 3.0'));
  });

  it('publishes « Étapes numériques (La Poste) » with its space (schema defect corrected)', () => {
    assert.ok(ENUMERATIONS.formations_labels.includes('Étapes numériques (La Poste)'));
    assert.ok(!ENUMERATIONS.formations_labels.includes('Étapes numériques(La Poste)'));
  });

  it('derives list fields, types, patterns and lengths', () => {
    assert.deepEqual([...CHAMPS_LISTE].sort(), [
      'autres_formations_labels', 'courriels', 'dispositif_programmes_nationaux', 'formations_labels', 'frais_a_charge',
      'itinerance', 'modalites_acces', 'modalites_accompagnement', 'prise_en_charge_specifique',
      'publics_specifiquement_adresses', 'services', 'site_web', 'typologie',
    ]);
    assert.equal(DEFINITIONS.latitude.type, 'number');
    assert.equal(DEFINITIONS.date_maj.type, 'date');
    assert.equal(DEFINITIONS.presentation_resume.longueurMax, 280);
    assert.equal(DEFINITIONS.code_postal.titre, 'Code postal');
    assert.ok(DEFINITIONS.pivot.motif?.test('43493312300029'));
    assert.equal(DEFINITIONS.services.motif, null, 'enumerations are checked value by value, not by regex');
  });

  it('les noms courts des services sont exactement les 9 valeurs du schéma', () => {
    assert.deepEqual([...Object.values(SERVICES)].sort(), [...ENUMERATIONS.services].sort());
  });
});
