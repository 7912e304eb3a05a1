import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { chargerActeur } from '../../src/modules/comptes/comptes.repository.ts';
import { uidLieu } from '../../src/modules/lieux/lieux.ts';
import { demarrerServeur, insererLieux, lancerNavigateur, violationsAxe, XSS } from './outils.ts';

/**
 * The place page's « Informations issues de … » at its fullest — a place merged from two sources (one with a
 * hostile name), its per-field table and a manager's change by a structure with a hostile name — through axe-core.
 */
describe('fiche rassemblée : provenance et historique accessibles (axe-core, Chromium)', () => {
  let serveur: Awaited<ReturnType<typeof demarrerServeur>>;
  let navigateur: Browser;
  let uid: string;
  before(async () => {
    serveur = await demarrerServeur();
    const db = serveur.deps.database.db;
    [uid] = (await insererLieux(db, [
      { id: 'a', nom: 'EPN de la Mairie', commune: 'Roubaix', code_postal: '59100', code_insee: '59512', adresse: '1 place de la Mairie', latitude: 50.69, longitude: 3.18 },
    ])) as [string];
    await db.insertInto('sources').values({ cle: 'autre', nom: XSS[1], format: 'standard-v1' }).execute();
    const l = await db.selectFrom('lieux').selectAll().where('uid', '=', uid).executeTakeFirstOrThrow();
    await db.insertInto('lieux').values({ ...l, uid: uidLieu('autre', 'a'), source_cle: 'autre', date_maj: '2026-11-02', presentation_resume: null } as never).execute();
    assert.equal((await serveur.deps.sources.dedoublonner()).multiples, 1);
    const { structures, gestion } = serveur.deps.comptes;
    const admin = (await structures.creerAdministrateur('admin@axe.fr')).acteur!;
    const s = await structures.creerStructure(admin, { nom: XSS[0], siret: '13002526500013' });
    await structures.ajouterMembre(admin, s.id, 'mediateur@axe.fr', 'mediateur');
    const id = (await db.selectFrom('utilisateurs').select('id').where('email', '=', 'mediateur@axe.fr').executeTakeFirstOrThrow()).id;
    const mediateur = (await chargerActeur(db, id))!;
    await gestion.demander(mediateur, s.id, uid);
    await gestion.modifier(mediateur, uid, { telephone: '+33320000000' });
    navigateur = await lancerNavigateur();
  });
  after(async () => {
    await navigateur?.close();
    await serveur?.fermer();
  });

  it('0 violation, aucun script injecté exécuté, le tableau a un en-tête par ligne', async () => {
    const page = await navigateur.newPage();
    const dialogues: string[] = [];
    page.on('dialog', (d) => {
      dialogues.push(d.message());
      void d.dismiss();
    });
    const res = await page.goto(`${serveur.url}/lieux/${uid}`);
    assert.equal(res?.status(), 200);
    assert.equal(await page.locator('#provenance').count(), 1);
    assert.ok((await page.locator('.fr-table tbody th[scope=row]').count()) > 10);
    assert.equal(await page.getByRole('heading', { name: 'Historique des modifications' }).count(), 1);
    assert.deepEqual(await violationsAxe(page), []);
    await page.close();
    assert.deepEqual(dialogues, []);
  });
});
