/**
 * The five real register files shipped in data/lieux-reels (copies of the field's published files, see
 * data/README.md): every row is either a valid place or rejected with reasons, and rows are rejected only
 * for defects the standard names. Figures are pinned so that a change in the rules shows up here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { Issue } from '../../../errors.ts';
import { cleComparaison } from './messages.ts';
import { COLONNES_ANCIENNES } from './formats/tables.ts';
import { detecterFormat, doublonsIdentifiants, validerLieu, versStandardV1, type FormatLieux, type LieuStandard } from './index.ts';

const AUJOURDHUI = new Date('2026-11-24T12:00:00Z');

interface Resultat {
  brut: Record<string, unknown>;
  lieu: LieuStandard | null;
  issues: Issue[];
  avertissements: Issue[];
  horsStandard: Record<string, unknown>;
}

const cache = new Map<string, { format: FormatLieux; lignes: Resultat[] }>();

function importer(nom: string): { format: FormatLieux; lignes: Resultat[] } {
  const deja = cache.get(nom);
  if (deja) return deja;
  const brutes = JSON.parse(readFileSync(new URL(`../../../../data/lieux-reels/${nom}.json`, import.meta.url), 'utf8')) as Record<string, unknown>[];
  const format = detecterFormat([...new Set(brutes.flatMap((r) => Object.keys(r)))]);
  const lignes = brutes.map((brut, i) => {
    const m = versStandardV1(format, brut, i + 1);
    const v = validerLieu(m.champs, i + 1, { aujourdhui: AUJOURDHUI });
    return { brut, lieu: v.lieu, issues: v.issues, avertissements: [...m.avertissements, ...v.avertissements], horsStandard: m.horsStandard };
  });
  cache.set(nom, { format, lignes });
  return { format, lignes };
}

const compter = (issues: Issue[]) => {
  const n: Record<string, number> = {};
  for (const i of issues) n[`${i.key}:${i.field}`] = (n[`${i.key}:${i.field}`] ?? 0) + 1;
  return n;
};

const attendus: Record<string, { format: FormatLieux; valides: number; rejets: Record<string, number> }> = {
  'charente-2023-v1': { format: 'standard-v1', valides: 188, rejets: {} },
  'nouvelle-caledonie-2024-v1': { format: 'standard-v1', valides: 78, rejets: { 'max_length:presentation_resume': 12 } },
  'hinaura-v0.1': { format: 'standard-v0.1', valides: 687, rejets: {} },
  'conseillers-numeriques-idf-2022': { format: 'cnfs-2022', valides: 130, rejets: { 'required:pivot': 108, 'opening_hours:horaires': 3 } },
  'conseillers-numeriques-permanences-2022': {
    format: 'cnfs-permanences-2022',
    valides: 384,
    rejets: { 'opening_hours:horaires': 12, 'email:courriels': 1, 'pattern:code_postal': 1 },
  },
};

describe('real register files', () => {
  for (const [nom, attendu] of Object.entries(attendus)) {
    it(`${nom}: ${attendu.valides} valid rows, the others rejected for named defects only`, () => {
      const { format, lignes } = importer(nom);
      assert.equal(format, attendu.format);
      assert.equal(lignes.filter((l) => l.lieu).length, attendu.valides);
      for (const [i, l] of lignes.entries()) {
        assert.ok(l.lieu !== null || l.issues.length > 0, `row ${i + 1}: neither a place nor a reason`);
        for (const issue of l.issues) assert.ok(issue.line === i + 1 && issue.field && issue.message.length > 20);
      }
      assert.deepEqual(compter(lignes.flatMap((l) => l.issues)), attendu.rejets);
    });
  }

  it('never drops an old value silently: each one reaches a v1 field or is reported and kept', () => {
    for (const nom of Object.keys(attendus)) {
      const { format, lignes } = importer(nom);
      const separateur = format.startsWith('cnfs') ? /[|;]|, / : /[|;]/;
      for (const l of lignes) {
        for (const [colonne, regles] of Object.entries(COLONNES_ANCIENNES)) {
          const brut = l.brut[colonne];
          if (typeof brut !== 'string' || !regles.valeurs || !l.lieu) continue;
          for (const valeur of brut.split(separateur).map((v) => v.trim()).filter(Boolean)) {
            const cle = cleComparaison(valeur);
            const regle = regles.valeurs[cle] ?? regles.valeurs[cle.split(' : ')[0]!];
            if (regle && regle.cibles.length) {
              for (const c of regle.cibles) assert.ok((l.lieu[c.champ] as string[] | null)?.includes(c.valeur), `${nom} ${valeur}`);
            } else if (!regle) {
              // still a v1 value of the same column
              assert.ok(regles.vers && (l.lieu[regles.vers] as string[] | null)?.includes(valeur), `${nom} ${valeur}`);
            } else {
              assert.ok(l.avertissements.some((a) => a.value === valeur && a.key === 'unmapped_value'), `${nom} ${valeur}`);
              assert.equal(l.horsStandard[colonne], brut);
            }
          }
        }
      }
    }
  });

  it('finds the repeated ids of the permanences file (its id is the host structure SIRET), and none elsewhere', () => {
    for (const nom of Object.keys(attendus)) {
      const doublons = doublonsIdentifiants(importer(nom).lignes.map((l, i) => ({ id: l.brut.id, ligne: i + 1 })));
      assert.equal(doublons.length, nom === 'conseillers-numeriques-permanences-2022' ? 24 : 0, nom);
    }
  });

  it('maps specific real rows as documented', () => {
    const hinaura = importer('hinaura-v0.1').lignes[0]!;
    assert.deepEqual(hinaura.lieu?.services, ['Accès internet et matériel informatique', 'Aide aux démarches administratives']);
    assert.equal(hinaura.horsStandard.services, hinaura.brut.services);
    assert.equal(hinaura.lieu?.pivot, '00000000000000');
    assert.ok(hinaura.avertissements.some((a) => a.key === 'pivot_unknown'));

    const charente = importer('charente-2023-v1').lignes.find((l) => l.brut.labels_nationaux === 'CNFS;France Services;Aidants Connect')!;
    assert.deepEqual(charente.lieu?.dispositif_programmes_nationaux, ['Conseillers numériques', 'France Services', 'Aidants Connect']);
    const avecAcces = importer('charente-2023-v1').lignes.find((l) => l.brut.accessibilite)!;
    assert.equal(avecAcces.lieu?.fiche_acces_libre, avecAcces.brut.accessibilite);

    const idf = importer('conseillers-numeriques-idf-2022').lignes;
    const tel = idf.find((l) => l.brut.telephone === '+330156961470')!;
    assert.equal(tel.lieu?.telephone, '+33156961470');
    assert.deepEqual(idf[0]!.lieu?.services, ['Maîtrise des outils numériques du quotidien', 'Compréhension du monde numérique']);

    const permanences = importer('conseillers-numeriques-permanences-2022').lignes;
    const guyane = permanences.find((l) => l.brut.telephone === '0594341747')!;
    assert.equal(guyane.lieu?.telephone, '+594594341747');
    assert.equal(permanences[0]!.lieu?.pivot, '77556026100015');
    assert.equal(permanences[0]!.lieu?.code_insee, null);

    const caledonie = importer('nouvelle-caledonie-2024-v1').lignes[0]!;
    assert.equal(caledonie.lieu?.telephone, '+687445728');
  });

  it('validates the official v1.0.2 example row as it is', () => {
    const [ligne] = parse(readFileSync(new URL('../../../../data/standard/exemple-valide-v1.0.2.csv', import.meta.url)), { columns: true }) as Record<string, string>[];
    const format = detecterFormat(Object.keys(ligne!));
    const m = versStandardV1(format, ligne!, 2);
    assert.deepEqual(m.horsStandard, {});
    const v = validerLieu(m.champs, 2, { aujourdhui: AUJOURDHUI });
    assert.deepEqual(v.issues, []);
    assert.deepEqual(v.avertissements, []);
    assert.equal(v.lieu?.latitude, 43.52609);
    assert.deepEqual(v.lieu?.modalites_accompagnement, ['Dans un atelier collectif', 'À distance', 'En autonomie', 'Accompagnement individuel']);
  });
});
