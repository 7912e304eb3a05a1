import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lieu } from '../../../../test/helpers/lieux-source.ts';
import { parcourirCandidats } from './blocage.ts';
import { former } from './clusters.ts';
import { dedoublonner } from './dedoublonner.ts';
import { analyserAdresse, analyserNom, clePivot, cleTelephone, corriger, domaineSite } from './normalisation.ts';
import { SEUILS, scorerPaire } from './score.ts';
import { calculerTraits } from './traits.ts';
import type { LieuSource } from './types.ts';

const score = (a: Partial<LieuSource>, b: Partial<LieuSource>) => scorerPaire(calculerTraits(lieu(a)), calculerTraits(lieu(b)));

describe('normalisation des noms et des adresses', () => {
  it('retire mots vides, mots descriptifs et mots de la commune, et reconnaît le genre de lieu', () => {
    assert.deepEqual(analyserNom('Médiathèque municipale de Châteaubernard', 'CHÂTEAUBERNARD'), { propres: [], generiques: 'municipale', initiales: 'mc', types: ['bibliotheque'] });
    assert.deepEqual(analyserNom('Espace France Services - Mairie d’Aigre', 'Aigre').types, ['franceservices', 'mairie']);
    assert.deepEqual(analyserNom('Centre communal d’action sociale de Lantosque', 'Lantosque').types, ['ccas']);
    assert.deepEqual(analyserNom('France services Rouillacais', 'Rouillac').propres, []);
    assert.deepEqual(analyserNom('Médiathèque Jean Moulin', 'Lyon').propres, ['jean', 'moulin']);
  });
  it('corrige les fautes de frappe des mots connus et développe les abréviations', () => {
    assert.equal(corriger('serviecs'), 'services');
    assert.equal(corriger('bibliotheqeu'), 'bibliotheque');
    assert.equal(corriger('moulin'), 'moulin');
    assert.deepEqual(analyserAdresse('12 bis, av. du Général de Gaulle'), { numero: '12b', mots: ['avenue', 'general', 'gaulle'] });
    assert.deepEqual(analyserAdresse('9 boulevard Léon Blum 16800 SOYAUX', 'Soyaux'), { numero: '9', mots: ['boulevard', 'leon', 'blum'] });
  });
  it('ramène téléphones, pivots et sites à une forme comparable', () => {
    assert.equal(cleTelephone('05 45 93 11 58'), cleTelephone('+33545931158'));
    assert.equal(cleTelephone('0033 5 45 93 11 58'), '545931158');
    assert.equal(clePivot('781 256 003 00034'), '78125600300034');
    assert.equal(clePivot('00000000000000'), null);
    assert.equal(domaineSite('https://www.udaf16.org/contact'), 'udaf16.org');
    assert.equal(domaineSite('https://www.facebook.com/mairie'), null);
  });
});

describe('score des paires', () => {
  const mediatheque = { nom: 'Médiathèque Jean Moulin', adresse: '3 avenue de la Gare', latitude: 45.6476, longitude: 0.1856, pivot: '21160374100011' };
  it('reconnaît un doublon malgré abréviations, capitales, SIRET espacé et position décalée de 120 m', () => {
    const e = score(mediatheque, { nom: 'MEDIATHEQUE MUNICIPALE JEAN MOULIN', adresse: '3 av. de la gare', latitude: 45.6486, longitude: 0.1860, pivot: '211 603 741 00011' });
    assert.ok(e.score >= SEUILS.paire, JSON.stringify(e));
    assert.ok(e.signaux.some((s) => s.signal === 'distance' && /1\d\d m/.test(s.detail)));
  });
  it('ne confond pas la mairie et la médiathèque du même bâtiment, même SIRET et même téléphone', () => {
    const e = score(
      { nom: 'Mairie de Soyaux', adresse: '235 avenue du Général de Gaulle', latitude: 45.6416, longitude: 0.1927, pivot: '21160374100011', telephone: '+33545976000' },
      { nom: 'Médiathèque de Soyaux', adresse: '235 av. du Général de Gaulle', latitude: 45.6416, longitude: 0.1927, pivot: '21160374100011', telephone: '05 45 97 60 00' },
    );
    assert.ok(e.score < SEUILS.groupe, JSON.stringify(e));
  });
  it('reconnaît un sigle (« CSCS FLEP » / « Foyer Laïque d’Éducation Permanente »)', () => {
    const e = score({ nom: 'CSCS FLEP', adresse: '9 bd Léon Blum' }, { nom: 'FOYER LAIQUE EDUCATION PERMANENTE', adresse: '7 Boulevard Leon Blum' });
    assert.equal(e.signaux.find((s) => s.signal === 'name')!.points, 3);
  });
  it("des coordonnées absentes n'apportent aucun point", () => {
    const e = score({ nom: 'Tiers-lieu La Fabrique', adresse: 'rue du Stade' }, { nom: 'Association Les Amis', adresse: 'place de la Mairie' });
    const distance = e.signaux.find((s) => s.signal === 'distance')!;
    assert.equal(distance.points, 0);
    assert.ok(e.score < 0);
  });
  it('deux lieux éloignés de 8 km ne sont pas fusionnés malgré le même nom', () => {
    const e = score(mediatheque, { ...mediatheque, latitude: 45.72, longitude: 0.1856, adresse: '1 rue Haute', pivot: '00000000000000' });
    assert.ok(e.score < SEUILS.paire, JSON.stringify(e));
  });
});

describe('blocage', () => {
  it('ne compare que les fiches qui partagent une clé, jamais toutes les paires', () => {
    const lieux = Array.from({ length: 400 }, (_, k) => lieu({ nom: `Association numéro${k}`, code_postal: String(10000 + k), commune: `C${k}`, latitude: 44 + k * 0.05, longitude: 2 }));
    let visites = 0;
    const stats = parcourirCandidats(lieux.map((l) => calculerTraits(l)), () => visites++);
    assert.equal(visites, 0);
    assert.equal(stats.comparaisons, 0);
  });
  it('rapproche une fiche sans coordonnées par son nom dans le même code postal', () => {
    const a = lieu({ nom: 'Les Connectés', latitude: 45, longitude: 1 });
    const b = lieu({ nom: 'LES CONNECTÉS' });
    const paires: [number, number][] = [];
    parcourirCandidats([a, b].map((l) => calculerTraits(l)), (i, j) => paires.push([i, j]));
    assert.deepEqual(paires, [[0, 1]]);
  });
  it('une partie du registre (passage incrémental) garde les clés qu’un passage complet utiliserait', () => {
    // "zorglub" is held by 63 records: a key in a 130,000-record register (threshold 65), too frequent for a
    // 2,063-record subset judged on its own size (threshold 60), where the pair sharing only it would be lost.
    const sansCoordonnees = { latitude: null, longitude: null };
    const paire = [lieu({ nom: 'Zorglub Alpha', code_postal: '16800', ...sansCoordonnees }), lieu({ nom: 'Zorglub Beta', code_postal: '16800', ...sansCoordonnees })];
    const ailleurs = Array.from({ length: 61 }, (_, k) => lieu({ nom: `Zorglub Gamma${k}`, code_postal: String(20000 + k), commune: `C${k}`, ...sansCoordonnees }));
    const autres = Array.from({ length: 2000 }, (_, k) => lieu({ nom: `Remplissage${k}`, code_postal: String(30000 + (k % 500)), commune: `D${k}`, ...sansCoordonnees }));
    const traits = [...paire, ...ailleurs, ...autres].map((l) => calculerTraits(l));
    const propose = (tailleRegistre?: number) => {
      let vu = false;
      parcourirCandidats(traits, (i, j) => { if (i === 0 && j === 1) vu = true; }, undefined, tailleRegistre);
      return vu;
    };
    assert.equal(propose(), false, 'seuil de la partie seule : le mot n’est plus une clé');
    assert.equal(propose(130_000), true, 'seuil du registre entier : la paire est proposée');
  });
});

describe('groupes résistant à l’enchaînement', () => {
  it('A~B et B~C ne réunissent pas A et C quand A et C diffèrent nettement', () => {
    const scores: Record<string, number> = { '0-1': 9, '1-2': 8, '0-2': -3 };
    const r = former({ n: 3, paires: [{ a: 0, b: 1, score: 9 }, { a: 1, b: 2, score: 8 }], score: (a, b) => scores[`${Math.min(a, b)}-${Math.max(a, b)}`]!, memes: [], differents: [] });
    assert.deepEqual(r.groupes, [[0, 1], [2]]);
    assert.equal(r.refus.length, 1);
  });
  it('la fermeture transitive aurait réuni les trois quand A et C se ressemblent assez', () => {
    const r = former({ n: 3, paires: [{ a: 0, b: 1, score: 9 }, { a: 1, b: 2, score: 8 }], score: () => 4, memes: [], differents: [] });
    assert.deepEqual(r.groupes, [[0, 1, 2]]);
  });
  it('les décisions manuelles priment : « différents » sépare, « même lieu » réunit', () => {
    const differents = former({ n: 2, paires: [{ a: 0, b: 1, score: 12 }], score: () => 12, memes: [], differents: [[0, 1]] });
    assert.deepEqual(differents.groupes, [[0], [1]]);
    const memes = former({ n: 2, paires: [], score: () => -10, memes: [[1, 0]], differents: [] });
    assert.deepEqual(memes.groupes, [[0, 1]]);
  });
});

describe('dedoublonner', () => {
  it('explique chaque paire retenue, donne des id de groupe stables et respecte les décisions', () => {
    const a = lieu({ nom: 'Médiathèque Jean Moulin', adresse: '3 avenue de la Gare', latitude: 45.6476, longitude: 0.1856 });
    const b = lieu({ nom: 'Mediatheque municipale Jean Moulin', adresse: '3 av. de la Gare', latitude: 45.6477, longitude: 0.1857 });
    const c = lieu({ nom: 'Mairie', adresse: '1 place de la Mairie', latitude: 45.60, longitude: 0.1856 });
    const r = dedoublonner([c, b, a]);
    const groupe = r.groupes.find((g) => g.uids.length === 2)!;
    assert.deepEqual(new Set(groupe.uids), new Set([a.uid, b.uid]));
    assert.equal(groupe.id, `g${a.uid < b.uid ? a.uid : b.uid}`);
    const [paire] = r.pairesDe(groupe);
    assert.ok(r.expliquer(paire!).length >= 3);
    assert.equal(r.expliquer(paire!).reduce((t, x) => t + x.points, 0), paire!.score);
    assert.equal(dedoublonner([a, c, b]).groupes.find((g) => g.uids.length === 2)!.id, groupe.id);
    const separe = dedoublonner([a, b, c], { decisions: [{ uidA: b.uid, uidB: a.uid, verdict: 'different' }] });
    assert.equal(separe.groupes.length, 3);
  });
});
