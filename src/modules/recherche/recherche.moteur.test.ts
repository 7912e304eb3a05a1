import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTerritoiresService } from '../territoires/territoires.service.ts';
import { communesPourDemo } from '../lieux/demo/demo.service.ts';
import { genererLieuxDemo, GRAINE_PAR_DEFAUT, SOURCE_DEMO } from '../lieux/demo/demo.generateur.ts';
import { uidLieu } from '../lieux/lieux.ts';
import { IndexRecherche } from './recherche.index.ts';
import { executer, type RequeteIndex } from './recherche.moteur.ts';
import { avecCommunesMemorisees } from './recherche.ou.ts';

// The fast paths of the engine must give exactly what the general path gives: same total, same page, same
// cursor, same facet counts, on a register of generated places where common words match many of them.
describe('moteur de recherche : chemins rapides = chemin général', () => {
  const territoires = createTerritoiresService();
  const index = new IndexRecherche();
  const modifie = new Date('2026-06-01T00:00:00Z');
  for (const l of genererLieuxDemo({ taille: 3000, graine: GRAINE_PAR_DEFAUT, reference: modifie }, communesPourDemo(territoires))) {
    index.appliquer({ ...l, uid: uidLieu(SOURCE_DEMO, l.id), modifie_le: modifie });
  }
  index.construireArbre();
  const textes = ['mairie', 'mai', 'centre social', 'numerique', 'mediatheque', 'cetre', 'espace numerique', 'la'];

  it('texte fréquent : balayage des emplacements dans l’ordre = parcours des listes', () => {
    let vus = 0;
    for (const texte of textes) {
      for (const extra of [{}, { filtres: { frais_a_charge: 1 } }, { limite: 5 }] as Partial<RequeteIndex>[]) {
        const r: RequeteIndex = { texte, filtres: {}, limite: 20, facettes: true, ...extra };
        const balayage = executer(index, r, Number.MAX_SAFE_INTEGER);
        const listes = executer(index, r, 0);
        assert.deepEqual(balayage, listes, `${texte} ${JSON.stringify(extra)}`);
        if (balayage.curseurSuivant) {
          const suite = { ...r, curseur: balayage.curseurSuivant };
          assert.deepEqual(executer(index, suite, Number.MAX_SAFE_INTEGER), executer(index, suite, 0));
        }
        vus += balayage.total;
      }
    }
    assert.ok(vus > 1000, `les mots choisis doivent trouver beaucoup de lieux (${vus})`);
  });

  it('communes cherchées par nom : la mémoire rend ce que rend le référentiel, même quand elle déborde', () => {
    const memo = avecCommunesMemorisees(territoires, 3);
    const noms = ['Lyon', 'st etienne', 'Saint-Étienne', 'lyon', 'Paris', 'xyzzy', 'Lyon', 'Colmar', 'st etienne'];
    for (const nom of [...noms, ...noms]) {
      for (const limite of [1, 5]) assert.deepEqual(memo.rechercherCommunes(nom, limite), territoires.rechercherCommunes(nom, limite), `${nom} ${limite}`);
    }
    assert.equal(memo.commune('69123')?.nom, territoires.commune('69123')?.nom);
  });
});
