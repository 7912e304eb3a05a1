import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { demarrerAvecLieux, lancerNavigateur, violationsAxe, XSS } from './outils.ts';

/** axe-core (every rule of the library's default set) on each kind of public page, in headless Chromium. */
describe('accessibilité des pages publiques (axe-core, Chromium)', () => {
  let serveur: Awaited<ReturnType<typeof demarrerAvecLieux>>;
  let navigateur: Browser;
  before(async () => {
    serveur = await demarrerAvecLieux();
    navigateur = await lancerNavigateur();
  });
  after(async () => {
    await navigateur?.close();
    await serveur?.fermer();
  });

  it('0 violation sur l’accueil, les résultats, les fiches, l’impression, l’orientation, le signalement, les territoires et une erreur', async () => {
    const [normal, piege] = serveur.uids;
    const chemins = [
      '/',
      '/lieux?adresse=Roubaix',
      '/lieux?adresse=introuvable-zzz',
      '/lieux',
      '/lieux?q=!!!',
      `/lieux/${normal}`,
      `/lieux/${piege}`,
      `/lieux/${piege}/imprimer`,
      `/lieux/${piege}/orientation?beneficiaire=${encodeURIComponent(XSS[0])}&prescripteur=${encodeURIComponent(XSS[1])}&date=2026-11-24`,
      `/lieux/${piege}/signaler`,
      '/territoires',
      '/territoires/regions/32',
      '/territoires/departements/59',
      '/lieux/inconnu',
    ];
    const dialogues: string[] = [];
    // One tab for every page: a new browser context per page costs more than the audit itself.
    const page = await navigateur.newPage();
    page.on('dialog', (d) => {
      dialogues.push(d.message());
      void d.dismiss();
    });
    for (const chemin of chemins) {
      const res = await page.goto(serveur.url + chemin);
      assert.ok(res && res.status() < 500, `${chemin} : ${res?.status()}`);
      assert.deepEqual(await violationsAxe(page), [], chemin);
      assert.equal(await page.getAttribute('html', 'lang'), 'fr', chemin);
    }
    await page.close();
    assert.deepEqual(dialogues, [], 'aucun script injecté ne s’est exécuté');
  });

  it('le formulaire de signalement en erreur reste accessible', async () => {
    const page = await navigateur.newPage();
    await page.goto(`${serveur.url}/lieux/${serveur.uids[0]}/signaler`);
    await page.click('button[type=submit]');
    await page.waitForLoadState('load');
    assert.equal(await page.locator('.fr-alert--error').count(), 1);
    assert.deepEqual(await violationsAxe(page), []);
    await page.close();
  });
});
