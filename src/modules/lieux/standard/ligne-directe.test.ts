import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { genererLieuxDemo } from '../demo/demo.generateur.ts';
import { communesPourDemo } from '../demo/demo.service.ts';
import { enteteCsv, versLigneCsv } from '../lieux.serialisation.ts';
import { createTerritoiresService } from '../../territoires/territoires.service.ts';
import { ligneV1Directe, validerLieu, versStandardV1 } from './index.ts';

const OPTIONS = { aujourdhui: new Date('2026-11-24T12:00:00Z') };
const donnees = (chemin: string) => new URL(`../../../../data/${chemin}`, import.meta.url);
const lireCsv = (texte: string | Buffer) => parse(texte, { columns: true, bom: true }) as Record<string, string>[];

/** What the import does without the shortcut: map, then validate. */
function parCorrespondance(brut: Record<string, unknown>) {
  const c = versStandardV1('standard-v1', brut, 7);
  return { ...validerLieu(c.champs, 7, OPTIONS), horsStandard: c.horsStandard, avertissementsCorrespondance: c.avertissements };
}

/** The shortcut's promise: when it says yes, validating the raw row gives exactly the mapped row's result. */
function verifier(brut: Record<string, string>): boolean {
  const direct = ligneV1Directe(brut);
  if (direct) {
    assert.deepEqual({ ...validerLieu(brut, 7, OPTIONS), horsStandard: {}, avertissementsCorrespondance: [] }, parCorrespondance(brut), JSON.stringify(brut));
  }
  return direct;
}

/** A JSON record as a CSV cell would hold it (lists joined by « | »). */
const enTexte = (r: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Array.isArray(v) ? v.join('|') : v === null || v === undefined ? '' : String(v)]));

describe('ligneV1Directe : une ligne v1 validée telle quelle', () => {
  it('le registre de démonstration (2 000 lignes CSV) : toutes directes, même résultat que par la correspondance', () => {
    const lieux = [...genererLieuxDemo({ taille: 2_000, graine: 7 }, communesPourDemo(createTerritoiresService()))];
    const lignes = lireCsv(enteteCsv() + lieux.map((l) => versLigneCsv(l)).join(''));
    assert.equal(lignes.filter(verifier).length, 2_000);
  });

  it('l’exemple officiel et les fichiers v1 réels écrits en CSV : même résultat chaque fois que la ligne est directe', () => {
    const lignes = [
      ...lireCsv(readFileSync(donnees('standard/exemple-valide-v1.0.2.csv'))),
      ...(JSON.parse(readFileSync(donnees('lieux-reels/charente-2023-v1.json'), 'utf8')) as Record<string, unknown>[]).map(enTexte),
      ...(JSON.parse(readFileSync(donnees('lieux-reels/nouvelle-caledonie-2024-v1.json'), 'utf8')) as Record<string, unknown>[]).map(enTexte),
    ];
    // These files mix v0.1 columns (courriel, labels_nationaux…): such rows take the long way.
    lignes.forEach(verifier);
    // The same rows once in v1 words (their mapped fields, written back as text): real values, plain v1 rows.
    const enV1 = lignes.map((l) => enTexte(versStandardV1('standard-v1', l).champs));
    const directes = enV1.filter(verifier).length;
    assert.ok(directes > enV1.length * 0.9, `${directes} / ${enV1.length}`);
  });

  it('chaque cas où la correspondance change quelque chose prend le chemin long', () => {
    const base = lireCsv(readFileSync(donnees('standard/exemple-valide-v1.0.2.csv')))[0]!;
    const cas: Record<string, Record<string, string>> = {
      'services, ancien vocabulaire': { services: 'Prendre en main un ordinateur' },
      'services, casse différente': { services: 'aide aux démarches administratives' },
      'modalités, ancien vocabulaire': { modalites_accompagnement: 'Seul' },
      'liste séparée par « ; »': { publics_specifiquement_adresses: 'Jeunes;Seniors' },
      'typologie séparée par « , »': { typologie: 'EPN,ASSO' },
      'courriels séparés par un blanc': { courriels: 'a@exemple.fr b@exemple.fr' },
      'courriels séparés par « ; »': { courriels: 'a@exemple.fr;b@exemple.fr' },
      'sites séparés par un blanc': { site_web: 'https://a.fr https://b.fr' },
      'valeur répétée après normalisation': { publics_specifiquement_adresses: 'seniors|seniors' },
      'courriel répété': { courriels: 'A@exemple.fr|A@exemple.fr' },
      'code INSEE « MISSING »': { code_insee: 'MISSING' },
      'colonne ancienne': { courriel: 'a@exemple.fr' },
      'colonne inconnue': { inconnue: 'x' },
      'en-tête avec un blanc': { ' nom': 'x' },
    };
    for (const [nom, changement] of Object.entries(cas)) {
      const brut = { ...base, ...changement };
      assert.equal(verifier(brut), false, nom);
    }
    // Differences that do not need the long way: same result either way.
    for (const changement of ([{ publics_specifiquement_adresses: 'Seniors|seniors' }, { services: '' }, { courriels: ' a@exemple.fr | b@exemple.fr ' }, { nom: '  Espace   numérique ' }, { code_insee: '' }] as Record<string, string>[])) {
      assert.equal(verifier({ ...base, ...changement }), true, JSON.stringify(changement));
    }
  });

  it('sans le contrôle, ces cas donneraient un autre résultat (le test ci-dessus n’est pas vide)', () => {
    const base = lireCsv(readFileSync(donnees('standard/exemple-valide-v1.0.2.csv')))[0]!;
    for (const changement of ([{ services: 'Prendre en main un ordinateur' }, { typologie: 'EPN,ASSO' }, { courriels: 'a@exemple.fr b@exemple.fr' }, { publics_specifiquement_adresses: 'seniors|seniors' }, { code_insee: 'MISSING' }, { inconnue: 'x' }] as Record<string, string>[])) {
      const brut = { ...base, ...changement };
      assert.notDeepEqual({ ...validerLieu(brut, 7, OPTIONS), horsStandard: {}, avertissementsCorrespondance: [] }, parCorrespondance(brut), JSON.stringify(changement));
    }
  });
});
