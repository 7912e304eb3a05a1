import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { AppError } from '../../../errors.ts';
import { detecterFormat, validerLieu, verifierColonnes, versStandardV1 } from './index.ts';

const AUJOURDHUI = new Date('2026-11-24T12:00:00Z');
const lireCsv = (nom: string) =>
  parse(readFileSync(new URL(`../../../../data/standard/${nom}`, import.meta.url)), { columns: true, bom: true }) as Record<string, string>[];

describe('detecterFormat', () => {
  it('recognises the standard v1 and v0.1 from their official examples', () => {
    assert.equal(detecterFormat(Object.keys(lireCsv('exemple-valide-v1.0.2.csv')[0]!)), 'standard-v1');
    assert.equal(detecterFormat(Object.keys(lireCsv('exemple-valide-v0.1.csv')[0]!)), 'standard-v0.1');
  });

  it('recognises the 2022 exports and the mixed v1 files', () => {
    assert.equal(detecterFormat(['id', 'nom', 'commune', 'code_postal', 'adresse', 'services', 'conditions_access', 'labels_nationaux']), 'cnfs-2022');
    assert.equal(detecterFormat(['id', 'nom', 'code_insee', 'services', 'courriel', 'modalites_access']), 'cnfs-permanences-2022');
    assert.equal(detecterFormat(['id', 'pivot', 'nom', 'frais_a_charge', 'accessibilite', 'labels_nationaux', 'courriel']), 'standard-v1');
    assert.equal(detecterFormat(['id', 'pivot', 'nom', 'commune', 'code_postal', 'adresse', 'date_maj']), 'standard-v1');
  });

  it('refuses an unknown format and says what was expected', () => {
    assert.throws(
      () => detecterFormat(['id', 'nom', 'adresse', 'code_postal', 'commune', 'téléphone', 'horaires']),
      (e: unknown) => {
        assert.ok(e instanceof AppError);
        assert.equal(e.code, 'fichier_invalide');
        const [issue] = e.details;
        assert.equal(issue?.key, 'unknown_format');
        assert.match(issue!.message, /Colonnes obligatoires absentes : pivot, date_maj/);
        assert.match(issue!.message, /standard national v0\.1/);
        return true;
      },
    );
  });
});

describe('verifierColonnes', () => {
  it('reports a missing required column once, and unknown columns as warnings', () => {
    const r = verifierColonnes('standard-v1', ['id', 'nom', 'commune', 'code_postal', 'adresse', 'date_maj', 'couleur', 'cle_ban']);
    assert.deepEqual(r.issues.map((i) => `${i.key}:${i.field}`), ['missing_column:pivot']);
    assert.match(r.issues[0]!.message, /Colonne obligatoire absente du fichier : SIRET ou RNA ou RIDET \(pivot\)/);
    assert.deepEqual(r.avertissements.map((i) => `${i.key}:${i.field}`), ['unknown_column:couleur']);
    const complet = verifierColonnes('standard-v1', Object.keys(lireCsv('exemple-valide-v1.0.2.csv')[0]!));
    assert.deepEqual(complet, { issues: [], avertissements: [] });
    assert.deepEqual(verifierColonnes('cnfs-permanences-2022', ['id', 'nom', 'commune', 'code_postal', 'adresse', 'date_maj', 'modalites_access']).issues, []);
  });
});

describe('versStandardV1', () => {
  it('maps every field and value of the official v0.1 example, and the result validates', () => {
    const [ligne] = lireCsv('exemple-valide-v0.1.csv');
    const m = versStandardV1('standard-v0.1', ligne!, 2);
    assert.deepEqual(m.champs.services, ['Aide aux démarches administratives', 'Maîtrise des outils numériques du quotidien']);
    assert.deepEqual(m.champs.publics_specifiquement_adresses, ['Familles et/ou enfants']);
    assert.deepEqual(m.champs.prise_en_charge_specifique, ['Déficience visuelle']);
    assert.deepEqual(m.champs.frais_a_charge, ['Payant']);
    assert.deepEqual(m.champs.dispositif_programmes_nationaux, ['France Services']);
    assert.deepEqual(m.champs.autres_formations_labels, ['APTIC', 'Point relais CAF', 'SudLabs', 'Nièvre médiation numérique']);
    assert.deepEqual(m.champs.modalites_accompagnement, ['En autonomie', 'Accompagnement individuel']);
    assert.deepEqual(m.champs.typologie, ['TIERS_LIEUX', 'ASSO']);
    assert.deepEqual(m.champs.courriels, ['contact@laquincaillerie.tl']);
    assert.deepEqual(m.champs.site_web, ['https://www.laquincaillerie.tl/', 'https://m.facebook.com/laquincaillerienumerique/']);
    assert.match(String(m.champs.fiche_acces_libre), /^https:\/\/acceslibre/);
    // Kept: the BAN key (no v1 column) and the original text of every column whose values were translated.
    assert.equal(m.horsStandard.cle_ban, '13001_3079_00001');
    assert.equal(m.horsStandard.publics_accueillis, 'Familles/enfants;Adultes;Déficience visuelle');
    assert.match(String(m.horsStandard.conditions_acces), /Accepte le Pass numérique/);
    const avertis = m.avertissements.map((a) => `${a.key}:${a.field}:${a.value}`);
    assert.ok(avertis.includes('dropped_field:cle_ban:13001_3079_00001'));
    assert.ok(avertis.includes('unmapped_value:publics_accueillis:Adultes'));
    assert.ok(avertis.some((a) => a.startsWith('unmapped_value:conditions_acces:Accepte le Pass numérique')));
    assert.ok(m.avertissements.every((a) => a.line === 2 && a.message.length > 20));
    const v = validerLieu(m.champs, 2, { aujourdhui: AUJOURDHUI });
    assert.deepEqual(v.issues, []);
  });

  it('maps « A ma place » and « Adhésion » to the closest value, keeps the original and warns', () => {
    const m = versStandardV1('standard-v0.1', {
      modalites_accompagnement: 'A ma place : une personne habilitée fait les démarches à ma place;Dans un atelier : j\'apprends collectivement à utiliser le numérique',
      conditions_acces: "Adhésion : L'accès au lieu et/ou à ses services nécessite d'y adhérer",
      publics_accueillis: 'Handicaps psychiques : troubles psychiatriques donnant lieu à des atteintes comportementales;Uniquement femmes;Public langues étrangères',
      labels_nationaux: 'CNFS;Fabriques de Territoire;Grandes écoles du numérique;Point numérique CAF;Label inventé',
    });
    assert.deepEqual(m.champs.modalites_accompagnement, ['Accompagnement individuel', 'Dans un atelier collectif']);
    assert.deepEqual(m.champs.frais_a_charge, ['Payant']);
    assert.deepEqual(m.champs.publics_specifiquement_adresses, ['Femmes']);
    assert.equal(m.champs.prise_en_charge_specifique, undefined);
    assert.deepEqual(m.champs.dispositif_programmes_nationaux, ['Conseillers numériques', 'Grande école du numérique', "Point d'accès numérique CAF"]);
    assert.deepEqual(m.champs.formations_labels, ['Fabriques de Territoire']);
    assert.ok(m.horsStandard.modalites_accompagnement && m.horsStandard.conditions_acces && m.horsStandard.labels_nationaux);
    const avertis = m.avertissements.map((a) => `${a.key}:${a.field}`);
    assert.deepEqual(avertis.sort(), [
      'approximate_mapping:conditions_acces',
      'approximate_mapping:modalites_accompagnement',
      'unmapped_value:labels_nationaux',
      'unmapped_value:publics_accueillis',
      'unmapped_value:publics_accueillis',
    ]);
    assert.ok(m.avertissements.some((a) => a.value === 'Label inventé' && /valeur inconnue/.test(a.message)));
  });

  it('reads the 2022 comma-separated lists, « Gratuit » and the permanences SIRET id', () => {
    const m = versStandardV1('cnfs-2022', {
      services: 'Prendre en main un smartphone ou une tablette, Prendre en main un ordinateur, Approfondir ma culture numérique',
      conditions_access: 'Gratuit',
      labels_nationaux: 'CNFS, France Services',
    });
    assert.deepEqual(m.champs.services, ['Maîtrise des outils numériques du quotidien', 'Compréhension du monde numérique']);
    assert.deepEqual(m.champs.frais_a_charge, ['Gratuit']);
    assert.deepEqual(m.champs.dispositif_programmes_nationaux, ['Conseillers numériques', 'France Services']);
    const p = versStandardV1('cnfs-permanences-2022', { id: '77556026100015', code_insee: 'MISSING', modalites_access: 'Gratuit', courriel: 'a@b.fr' });
    assert.equal(p.champs.pivot, '77556026100015');
    assert.equal(p.champs.code_insee, undefined);
    assert.deepEqual(p.champs.courriels, ['a@b.fr']);
  });

  it('keeps unknown columns out of the standard, with a warning, and never lets an old column override a v1 one', () => {
    const m = versStandardV1('standard-v1', {
      id: 'x',
      fiche_acces_libre: 'https://acceslibre.beta.gouv.fr/a',
      accessibilite: 'https://acceslibre.beta.gouv.fr/b',
      couleur: 'bleu',
      publics_specifiquement_adresses: 'Jeunes',
      publics_accueillis: 'Seniors (+ 65 ans)',
    });
    assert.equal(m.champs.fiche_acces_libre, 'https://acceslibre.beta.gouv.fr/a');
    assert.equal(m.horsStandard.accessibilite, 'https://acceslibre.beta.gouv.fr/b');
    assert.equal(m.horsStandard.couleur, 'bleu');
    assert.deepEqual(m.champs.publics_specifiquement_adresses, ['Jeunes', 'Seniors']);
    assert.deepEqual(m.avertissements.map((a) => `${a.key}:${a.field}`).sort(), ['conflicting_field:accessibilite', 'unknown_field:couleur']);
  });

  it('warns about « ; » used instead of « | » in a v1 file, and leaves unknown v1 values to validation', () => {
    const m = versStandardV1('standard-v1', { frais_a_charge: 'Gratuit;Payant', services: 'Aide aux démarches administratives|Cuisine' });
    assert.deepEqual(m.champs.frais_a_charge, ['Gratuit', 'Payant']);
    assert.equal(m.avertissements[0]?.key, 'separator');
    assert.deepEqual(m.champs.services, ['Aide aux démarches administratives', 'Cuisine']);
    const v = validerLieu(m.champs);
    assert.ok(v.issues.some((i) => i.key === 'enum' && i.value === 'Cuisine'));
  });

  it('an old value named like an Object property (« constructor », « __proto__ ») is an unknown value, not a crash', () => {
    const m = versStandardV1('standard-v1', { services: 'Constructor|__proto__', labels_nationaux: 'constructor : x' });
    assert.deepEqual(m.champs.services, ['Constructor', '__proto__']);
    assert.equal(m.horsStandard.labels_nationaux, 'constructor : x');
    assert.deepEqual(m.avertissements.map((a) => `${a.key}:${a.field}`), ['unmapped_value:labels_nationaux']);
    assert.ok(validerLieu(m.champs).issues.some((i) => i.key === 'enum' && i.value === 'Constructor'));
  });
});
