import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTerritoiresService } from '../territoires/territoires.service.ts';
import { communesPourDemo } from '../lieux/demo/demo.service.ts';
import { genererLieuxDemo, GRAINE_PAR_DEFAUT, SOURCE_DEMO } from '../lieux/demo/demo.generateur.ts';
import { uidLieu } from '../lieux/lieux.ts';
import { ENUMERATIONS } from '../lieux/standard/schema.ts';
import { CHAMPS_FACETTES } from './facettes.index.ts';
import { IndexRecherche } from './recherche.index.ts';
import { executer, type RequeteIndex } from './recherche.moteur.ts';
import { avecCommunesMemorisees } from './recherche.ou.ts';
import type { LigneIndex } from './recherche.repository.ts';

// The fast paths of the engine must give exactly what the general path gives: same total, same page, same
// cursor, same facet counts, on a register of generated places where common words match many of them.
describe('moteur de recherche : chemins rapides = chemin général', () => {
  const territoires = createTerritoiresService();
  const index = new IndexRecherche();
  const modifie = new Date('2026-06-01T00:00:00Z');
  const lignes = new Map<string, LigneIndex>();
  for (const l of genererLieuxDemo({ taille: 3000, graine: GRAINE_PAR_DEFAUT, reference: modifie }, communesPourDemo(territoires))) {
    const ligne: LigneIndex = { ...l, uid: uidLieu(SOURCE_DEMO, l.id), modifie_le: modifie };
    index.appliquer(ligne);
    lignes.set(ligne.uid, ligne);
  }
  // Some places change (their old slot dies) and some leave: counts must only see the live versions.
  let i = 0;
  for (const l of [...lignes.values()]) {
    if (i++ % 5 === 0) {
      const neuve: LigneIndex = { ...l, modifie_le: new Date(modifie.getTime() + 1000), services: (l.services ?? []).slice(1), typologie: ['BIB', `T${i % 120}`] };
      index.appliquer(neuve);
      lignes.set(l.uid, neuve);
    } else if (i % 7 === 0) {
      index.supprimer(l.uid);
      lignes.delete(l.uid);
    }
  }
  index.construireArbre();
  const textes = ['mairie', 'mai', 'centre social', 'numerique', 'mediatheque', 'cetre', 'espace numerique', 'la'];

  it('texte fréquent : balayage des emplacements dans l’ordre = parcours des listes', () => {
    let vus = 0;
    for (const texte of textes) {
      for (const extra of [{}, { filtres: { frais_a_charge: 1 } }, { limite: 5 }] as Partial<RequeteIndex>[]) {
        const r: RequeteIndex = { texte, filtres: {}, limite: 20, facettes: true, ...extra };
        const balayage = executer(index, r, { densiteBalayage: Number.MAX_SAFE_INTEGER });
        const listes = executer(index, r, { densiteBalayage: 0 });
        assert.deepEqual(balayage, listes, `${texte} ${JSON.stringify(extra)}`);
        if (balayage.curseurSuivant) {
          const suite = { ...r, curseur: balayage.curseurSuivant };
          assert.deepEqual(executer(index, suite, { densiteBalayage: Number.MAX_SAFE_INTEGER }), executer(index, suite, { densiteBalayage: 0 }));
        }
        vus += balayage.total;
      }
    }
    assert.ok(vus > 1000, `les mots choisis doivent trouver beaucoup de lieux (${vus})`);
  });

  it('texte seul : comptes sans liste des compteurs touchés = comptes avec', () => {
    for (const texte of textes) {
      for (const limite of [20, 1]) {
        const r: RequeteIndex = { texte, filtres: {}, limite, facettes: true };
        // 0: every text-only query counts directly; +∞: none does.
        assert.deepEqual(executer(index, r, { comptageDirect: 0 }), executer(index, r, { comptageDirect: Number.POSITIVE_INFINITY }), texte);
      }
    }
    // And a query with no match: the sweep finds no counter raised.
    assert.deepEqual(executer(index, { texte: 'xyzzyqwv', filtres: {}, limite: 20, facettes: true }, { comptageDirect: 0 }).total, 0);
  });

  it('comptes des facettes (par profils) = comptes faits lieu par lieu sur les lignes', () => {
    const services = ENUMERATIONS.services;
    const voulus = { services: [services[1]!, services[4]!], frais_a_charge: ['Gratuit'] } as Record<string, string[]>;
    const filtres = { services: (1 << 1) | (1 << 4), frais_a_charge: 1 << ENUMERATIONS.frais_a_charge.indexOf('Gratuit' as never) };
    const typo = ['BIB', 'T7'];
    const r = executer(index, { filtres, typologie: typo.map((t) => index.facettes.typologies.chercher(t) ?? -1), limite: 5, facettes: true });
    // Disjunctive counts: a place counts for field f when it passes every filter except, possibly, f's own.
    const passe = (l: LigneIndex, champ: string) => (champ === 'typologie' ? (l.typologie ?? []).some((t) => typo.includes(t)) : (l[champ as 'services'] ?? []).some((v) => voulus[champ]!.includes(v)));
    const actifs = [...Object.keys(voulus), 'typologie'];
    const attendus: Record<string, Record<string, number>> = {};
    let total = 0;
    for (const l of lignes.values()) {
      const echecs = actifs.filter((c) => !passe(l, c));
      if (echecs.length === 0) total++;
      for (const champ of [...CHAMPS_FACETTES, 'typologie'] as const) {
        if (echecs.length > 1 || (echecs.length === 1 && echecs[0] !== champ)) continue;
        for (const v of new Set(l[champ] ?? [])) (attendus[champ] ??= {})[v] = (attendus[champ]![v] ?? 0) + 1;
      }
    }
    assert.equal(r.total, total);
    assert.ok(total > 20, `le filtre doit trouver des lieux (${total})`);
    for (const champ of CHAMPS_FACETTES) {
      const obtenus = Object.fromEntries(ENUMERATIONS[champ].map((v, b) => [v, r.comptes[champ]![b]!]).filter(([, n]) => n !== 0));
      assert.deepEqual(obtenus, attendus[champ] ?? {}, champ);
    }
    const typos = Object.fromEntries(index.facettes.typologies.valeurs.map((v, t) => [v, r.comptes.typologie![t]!]).filter(([, n]) => n !== 0));
    assert.deepEqual(typos, attendus.typologie);
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
