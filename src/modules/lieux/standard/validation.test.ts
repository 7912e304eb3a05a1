import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { doublonsIdentifiants, validerLieu } from './index.ts';
import { jourExiste } from './normalisation.ts';

const AUJOURDHUI = new Date('2026-11-24T12:00:00Z');
const base = {
  id: 'lieu-1',
  pivot: '43493312300029',
  nom: 'Médiathèque',
  commune: 'Reims',
  code_postal: '51100',
  adresse: '12 rue de Leclercq',
  date_maj: '2024-04-02',
};
const valider = (extra: Record<string, unknown>, ligne = 7) => validerLieu({ ...base, ...extra }, ligne, { aujourdhui: AUJOURDHUI });
const cles = (r: ReturnType<typeof valider>) => r.issues.map((i) => `${i.key}:${i.field}`);

describe('validerLieu', () => {
  it('accepts a minimal valid row and fills absent fields with null', () => {
    const r = valider({});
    assert.deepEqual(r.issues, []);
    assert.equal(r.lieu?.nom, 'Médiathèque');
    assert.equal(r.lieu?.telephone, null);
    assert.equal(r.lieu?.services, null);
  });

  it('trims text and treats empty text as absent', () => {
    const r = valider({ nom: '  Médiathèque  ', complement_adresse: '   ' });
    assert.equal(r.lieu?.nom, 'Médiathèque');
    assert.equal(r.lieu?.complement_adresse, null);
  });

  it('rejects a missing required field, with line, field and French message', () => {
    const r = valider({ adresse: '' }, 12);
    assert.equal(r.lieu, null);
    assert.deepEqual(r.issues, [{ key: 'required', field: 'adresse', line: 12, message: 'Adresse (adresse) : champ obligatoire absent ou vide' }]);
  });

  it('splits lists on |, trims and de-duplicates', () => {
    const r = valider({ services: ' Aide aux démarches administratives | Loisirs et créations numériques|Aide aux démarches administratives' });
    assert.deepEqual(r.lieu?.services, ['Aide aux démarches administratives', 'Loisirs et créations numériques']);
    assert.deepEqual(valider({ typologie: ['TIERS_LIEUX', 'ASSO'] }).lieu?.typologie, ['TIERS_LIEUX', 'ASSO']);
  });

  it('rejects a bad enumeration value, lists the allowed values and suggests the closest', () => {
    const r = valider({ frais_a_charge: 'Gratuit|Payan' });
    assert.deepEqual(cles(r), ['enum:frais_a_charge']);
    const [issue] = r.issues;
    assert.equal(issue?.value, 'Payan');
    assert.match(issue!.message, /Frais à charge \(frais_a_charge\) : la valeur « Payan » n'est pas dans la liste du standard/);
    assert.match(issue!.message, /Valeurs possibles : Gratuit ; Gratuit sous condition ; Payant\./);
    assert.match(issue!.message, /Vouliez-vous dire « Payant » \?/);
  });

  it('reads an enumeration value written without accents or capitals, with a warning', () => {
    const r = valider({ services: 'comprehension du monde numerique' });
    assert.deepEqual(r.lieu?.services, ['Compréhension du monde numérique']);
    assert.equal(r.avertissements[0]?.key, 'normalized');
  });

  it('accepts « Étapes numériques (La Poste) » in both spellings (schema defect)', () => {
    assert.deepEqual(valider({ formations_labels: 'Étapes numériques (La Poste)' }).lieu?.formations_labels, ['Étapes numériques (La Poste)']);
    assert.deepEqual(valider({ formations_labels: 'Étapes numériques(La Poste)' }).lieu?.formations_labels, ['Étapes numériques (La Poste)']);
  });

  it('checks the postcode and the INSEE code', () => {
    assert.deepEqual(cles(valider({ code_postal: '5110' })), ['pattern:code_postal']);
    assert.deepEqual(cles(valider({ code_postal: '380000' })), ['pattern:code_postal']);
    assert.deepEqual(cles(valider({ code_insee: '20004' })), ['pattern:code_insee']);
    assert.deepEqual(cles(valider({ code_insee: '2A004' })), []);
    assert.deepEqual(cles(valider({ code_insee: '97411' })), []);
    const nombre = valider({ code_postal: 1000, code_insee: 1053 });
    assert.equal(nombre.lieu?.code_postal, '01000');
    assert.equal(nombre.lieu?.code_insee, '01053');
    assert.equal(nombre.avertissements.length, 2);
  });

  it('checks the pivot; the all-zero placeholder is accepted with a « pivot inconnu » warning', () => {
    assert.deepEqual(cles(valider({ pivot: '1234' })), ['siret:pivot']);
    assert.deepEqual(cles(valider({ pivot: 'W12345678' })), []);
    const inconnu = valider({ pivot: '00000000000000' });
    assert.equal(inconnu.lieu?.pivot, '00000000000000');
    assert.equal(inconnu.avertissements[0]?.key, 'pivot_unknown');
    assert.match(inconnu.avertissements[0]!.message, /pivot inconnu/);
    assert.equal(valider({ pivot: '34106240403159/APE:8790B' }).lieu?.pivot, '34106240403159');
    assert.equal(valider({ pivot: '434 933 123 00029' }).lieu?.pivot, '43493312300029');
  });

  it('checks telephone numbers and rewrites national ones with a warning', () => {
    assert.deepEqual(cles(valider({ telephone: '12345' })), ['phone:telephone']);
    assert.deepEqual(cles(valider({ telephone: '+44 20 7946 0000' })), ['phone:telephone']);
    const cas: [string, string, string | null][] = [
      ['+33180059880', '75001', '+33180059880'],
      ['01 80 05 98 80', '75001', '+33180059880'],
      ['01.80.05.98.80', '75001', '+33180059880'],
      ['+33 (0)1 80 05 98 80', '75001', '+33180059880'],
      ['+330156961470', '94000', '+33156961470'],
      ['+0147985927', '92600', '+33147985927'],
      ['0033180059880', '75001', '+33180059880'],
      ['0594341747', '97319', '+594594341747'],
      ['0590 12 34 56', '97110', '+590590123456'],
      ['0596 12 34 56', '97200', '+596596123456'],
      ['0262 12 34 56', '97400', '+262262123456'],
      ['0269 12 34 56', '97600', '+262269123456'],
      ['0692 12 34 56', '75001', '+262692123456'],
      ['01 80 05 98 80', '97400', '+33180059880'],
      ['0696 12 34 56', '97200', '+596696123456'],
      ['44 57 28', '98800', '+687445728'],
      ['40 12 34 56', '98714', '+68940123456'],
      ['72 12 34', '98600', '+681721234'],
      ['41 23 45', '97500', '+508412345'],
      ['+33', '93120', null],
    ];
    for (const [brut, cp, attendu] of cas) {
      const r = valider({ telephone: brut, code_postal: cp });
      assert.deepEqual(r.issues, [], brut);
      assert.equal(r.lieu?.telephone, attendu, brut);
      if (brut !== attendu) assert.ok(r.avertissements.some((a) => a.field === 'telephone'), brut);
    }
  });

  it('checks e-mail addresses', () => {
    assert.deepEqual(cles(valider({ courriels: 'csclepalabregmail.com' })), ['email:courriels']);
    assert.deepEqual(cles(valider({ courriels: 'contact@exemple|autre@exemple.fr' })), ['email:courriels']);
    assert.deepEqual(valider({ courriels: 'contact@laquincaillerie.tl|mailto:Resp@Exemple.fr' }).lieu?.courriels, [
      'contact@laquincaillerie.tl',
      'Resp@Exemple.fr',
    ]);
  });

  it('checks URLs and adds https:// to a bare domain, with a warning', () => {
    assert.deepEqual(cles(valider({ site_web: 'ftp://exemple.fr' })), ['url:site_web']);
    assert.deepEqual(cles(valider({ site_web: 'pas une adresse' })), ['url:site_web']);
    assert.deepEqual(cles(valider({ prise_rdv: 'http//rdv' })), ['url:prise_rdv']);
    assert.deepEqual(cles(valider({ fiche_acces_libre: 'https://' })), ['url:fiche_acces_libre']);
    const r = valider({ site_web: 'abracodabra.fr|https://m.facebook.com/lieu/' });
    assert.deepEqual(r.lieu?.site_web, ['https://abracodabra.fr', 'https://m.facebook.com/lieu/']);
    assert.equal(r.avertissements[0]?.key, 'normalized');
    assert.equal(valider({ prise_rdv: 'https://www.rdv-solidarites.fr/' }).lieu?.prise_rdv, 'https://www.rdv-solidarites.fr/');
  });

  it('parses opening hours with the opening_hours library', () => {
    assert.equal(valider({ horaires: 'Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00' }).lieu?.horaires, 'Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00');
    const r = valider({ horaires: 'Mo 09:00-12:00-14:00' });
    assert.deepEqual(cles(r), ['opening_hours:horaires']);
    assert.match(r.issues[0]!.message, /^Horaires \(horaires\) : horaires illisibles au format OpenStreetMap opening_hours .* analyse : Mo 09:00-12:00- <---/);
    assert.deepEqual(cles(valider({ horaires: 'du lundi au vendredi' })), ['opening_hours:horaires']);
    const fr = valider({ horaires: 'Mo-Fr 9h-12h30,13h30-17h' });
    assert.equal(fr.lieu?.horaires, 'Mo-Fr 09:00-12:30,13:30-17:00');
    assert.equal(fr.avertissements[0]?.key, 'normalized');
  });

  it('checks coordinates: numbers, ranges, both or neither', () => {
    assert.deepEqual(cles(valider({ latitude: 91, longitude: 2 })), ['range:latitude']);
    assert.deepEqual(cles(valider({ latitude: 45, longitude: -180.5 })), ['range:longitude']);
    assert.deepEqual(cles(valider({ latitude: 45 })), ['coordinates:longitude']);
    assert.deepEqual(cles(valider({ latitude: 'nord', longitude: 2 })), ['number:latitude']);
    const r = valider({ latitude: '45,18', longitude: '5.72' });
    assert.equal(r.lieu?.latitude, 45.18);
    assert.equal(r.lieu?.longitude, 5.72);
  });

  it('checks date_maj: format, real day, not in the far future', () => {
    assert.deepEqual(cles(valider({ date_maj: '2024-02-30' })), ['date:date_maj']);
    assert.deepEqual(cles(valider({ date_maj: 'hier' })), ['date:date_maj']);
    assert.deepEqual(cles(valider({ date_maj: '2027-06-01' })), ['date:date_maj']);
    assert.deepEqual(cles(valider({ date_maj: '2026-12-01' })), []);
    assert.equal(valider({ date_maj: '02/04/2024' }).lieu?.date_maj, '2024-04-02');
    assert.equal(valider({ date_maj: '2024-04-02T10:00:00Z' }).lieu?.date_maj, '2024-04-02');
  });

  it('limits presentation_resume to 280 characters', () => {
    assert.deepEqual(cles(valider({ presentation_resume: 'é'.repeat(281) })), ['max_length:presentation_resume']);
    assert.deepEqual(cles(valider({ presentation_resume: 'é'.repeat(280) })), []);
  });

  it('reports, without validating, a column outside the standard', () => {
    const r = valider({ couleur: 'bleu' });
    assert.ok(r.lieu);
    assert.deepEqual(r.avertissements.map((a) => `${a.key}:${a.field}`), ['unknown_field:couleur']);
  });

  it('reports every problem of a row at once', () => {
    const r = valider({ pivot: '', code_postal: 'abc', telephone: '12', itinerance: 'Mobile' });
    assert.deepEqual(cles(r).sort(), ['enum:itinerance', 'pattern:code_postal', 'phone:telephone', 'required:pivot']);
    assert.deepEqual(cles(valider({ pivot: 'ABC-12' })), ['siret:pivot']);
  });
});

describe('doublonsIdentifiants', () => {
  it('reports each repeated id with the line of its first use', () => {
    const issues = doublonsIdentifiants([
      { id: 'a', ligne: 2 },
      { id: 'b', ligne: 3 },
      { id: 'a', ligne: 4 },
      { id: '', ligne: 5 },
      { id: '', ligne: 6 },
    ]);
    assert.equal(issues.length, 1);
    assert.equal(issues[0]?.key, 'duplicate_id');
    assert.equal(issues[0]?.line, 4);
    assert.match(issues[0]!.message, /déjà utilisé ligne 2/);
    assert.deepEqual(doublonsIdentifiants([{ id: 'a', ligne: 2 }, { id: 'b', ligne: 3 }]), []);
  });
});

describe('jourExiste', () => {
  it('dit comme l’aller-retour Date.UTC → toISOString qu’il remplace (années 0–99, 29 février, mois 0 et 13)', () => {
    const parDate = (a: number, m: number, j: number) => {
      const texte = `${String(a).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(j).padStart(2, '0')}`;
      return new Date(Date.UTC(a, m - 1, j)).toISOString().slice(0, 10) === texte;
    };
    let vrais = 0;
    for (const a of [0, 1, 4, 99, 100, 400, 1900, 1999, 2000, 2023, 2024, 2100, 2400, 9999]) {
      for (let m = 0; m <= 13; m++) {
        for (let j = 0; j <= 32; j++) {
          assert.equal(jourExiste(a, m, j), parDate(a, m, j), `${a}-${m}-${j}`);
          if (parDate(a, m, j)) vrais++;
        }
      }
    }
    // Ten years from 100 on, four of them leap (400, 2000, 2024, 2400): the loop did compare real days.
    assert.equal(vrais, 10 * 365 + 4);
  });
});
