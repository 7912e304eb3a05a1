import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { demarrerAvecLieux, lancerNavigateur, XSS } from './outils.ts';
import { mesurerPoids } from './poids.ts';

/**
 * The public pages in a real browser: escaping of hostile data, keyboard, pages without JavaScript, and the
 * weight budget (bytes are deterministic, so the budget is checked here, not timed). axe-core: accessibilite.test.ts.
 */

const LIMITE_PREMIERE_VISITE = 150 * 1024;
const LIMITE_PAGE_SUIVANTE = 20 * 1024;

describe('pages publiques dans Chromium', () => {
  let serveur: Awaited<ReturnType<typeof demarrerAvecLieux>>;
  let navigateur: Browser;
  let uids: string[];
  const dialogues: string[] = [];

  let fond: Server;
  before(async () => {
    // A map style of our own (background only, no tiles): the map test needs no network.
    fond = createServer((_q, r) => {
      r.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      r.end(JSON.stringify({ version: 8, sources: {}, layers: [{ id: 'fond', type: 'background', paint: { 'background-color': '#eef' } }] }));
    }).listen(0, '127.0.0.1');
    await once(fond, 'listening');
    serveur = await demarrerAvecLieux({ MAP_STYLE_URL: `http://127.0.0.1:${(fond.address() as AddressInfo).port}/style.json` });
    uids = serveur.uids;
    navigateur = await lancerNavigateur();
  });
  after(async () => {
    await navigateur?.close();
    await serveur?.fermer();
    fond?.close();
  });

  async function ouvrir(chemin: string, options: { javaScriptEnabled?: boolean } = {}): Promise<{ page: Page; fermer: () => Promise<void> }> {
    const context = await navigateur.newContext(options);
    const page = await context.newPage();
    page.on('dialog', (d) => {
      dialogues.push(d.message());
      void d.dismiss();
    });
    const res = await page.goto(serveur.url + chemin);
    assert.ok(res && res.status() < 500, `${chemin} : ${res?.status()}`);
    return { page, fermer: () => context.close() };
  }

  it('les données hostiles s’affichent comme du texte', async () => {
    const { page, fermer } = await ouvrir(`/lieux/${uids[1]}`);
    assert.equal((await page.textContent('h1'))?.trim(), XSS.join(''));
    assert.equal(await page.locator('img[src=x]').count(), 0);
    const { page: p2, fermer: f2 } = await ouvrir('/lieux?adresse=Roubaix');
    assert.ok((await p2.textContent('#contenu'))?.includes(XSS[0]));
    await fermer();
    await f2();
    assert.deepEqual(dialogues, []);
  });

  it('clavier : le lien d’évitement vient en premier, mène au contenu, le focus est visible, la recherche se fait au clavier', async () => {
    const { page, fermer } = await ouvrir('/');
    await page.keyboard.press('Tab');
    const premier = await page.evaluate(() => {
      const e = document.activeElement as HTMLElement;
      const s = getComputedStyle(e);
      return { texte: e.textContent?.trim(), href: e.getAttribute('href'), contour: s.outlineStyle, largeur: s.outlineWidth };
    });
    assert.equal(premier.texte, 'Contenu');
    assert.equal(premier.href, '#contenu');
    assert.notEqual(premier.contour, 'none', 'focus visible');
    assert.notEqual(premier.largeur, '0px');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'contenu');
    // From main, Tab reaches the search field; type, tick a need with Space, submit with Enter.
    for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.id)) !== 'adresse'; i++) await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'adresse');
    await page.keyboard.type('Roubaix');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    assert.equal(await page.isChecked('#besoin-0'), true);
    await page.focus('#adresse');
    await Promise.all([page.waitForURL(/\/lieux\?/), page.keyboard.press('Enter')]);
    assert.match(page.url(), /adresse=Roubaix/);
    assert.match(page.url(), /services=Aide/);
    assert.match((await page.textContent('h1')) ?? '', /lieux? trouvés? autour de Roubaix/);
    await fermer();
  });

  it('clavier : sur les résultats, cocher un filtre, l’appliquer, puis passer à la page suivante', async () => {
    const { page, fermer } = await ouvrir('/lieux?adresse=Roubaix');
    /** Tab until `estLa` holds for the focused element (a bounded walk: a trap or a missing control fails). */
    const tabulerJusqua = async (nom: string, estLa: () => boolean) => {
      for (let i = 0; i < 300; i++) {
        if (await page.evaluate(estLa)) return;
        await page.keyboard.press('Tab');
      }
      assert.fail(`${nom} : jamais atteint au clavier`);
    };
    // The filters are folded in a <details>: its summary opens them from the keyboard.
    await tabulerJusqua('« Affiner la recherche »', () => document.activeElement?.tagName === 'SUMMARY');
    await page.keyboard.press('Enter');
    // A service all 30 places offer: the filtered search still has a second page.
    await tabulerJusqua('case « Maîtrise des outils numériques du quotidien »', () => {
      const e = document.activeElement as HTMLInputElement | null;
      return e?.type === 'checkbox' && e.name === 'services' && e.value === 'Maîtrise des outils numériques du quotidien';
    });
    await page.keyboard.press('Space');
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked), true);
    await tabulerJusqua('bouton « Appliquer les filtres »', () => document.activeElement?.textContent?.trim() === 'Appliquer les filtres');
    await Promise.all([page.waitForURL(/services=Ma/), page.keyboard.press('Enter')]);
    assert.match(page.url(), /adresse=Roubaix/);
    await tabulerJusqua('lien « Lieux suivants »', () => document.activeElement?.textContent?.trim() === 'Lieux suivants');
    await Promise.all([page.waitForURL(/curseur=/), page.keyboard.press('Enter')]);
    assert.match(page.url(), /services=Ma/);
    assert.equal(await page.locator('.mj-resultats > li').count(), 10, 'les 10 lieux restants des 30');
    await fermer();
  });

  it('sans JavaScript, les résultats et la fiche sont complets', async () => {
    const { page, fermer } = await ouvrir('/lieux?adresse=Roubaix', { javaScriptEnabled: false });
    assert.equal(await page.locator('.mj-resultats > li').count(), 20);
    assert.equal(await page.locator('[data-carte-bouton]').isVisible(), false, 'le bouton carte n’apparaît qu’avec JavaScript');
    assert.equal(await page.locator('a.fr-pagination__link--next').count(), 1);
    await page.goto(`${serveur.url}/lieux/${uids[0]}`);
    assert.equal(await page.locator('table.mj-horaires tbody tr').count(), 7);
    assert.ok(await page.locator('a[href^="tel:"]').isVisible());
    assert.match((await page.textContent('#contenu')) ?? '', /Complétude de la fiche/);
    await fermer();
  });

  it('la carte se charge à la demande, en grappes, sans enfreindre la CSP', async () => {
    const { page, fermer } = await ouvrir('/lieux?adresse=Roubaix');
    const erreurs: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused/i.test(m.text())) erreurs.push(m.text());
    });
    const requetes: string[] = [];
    page.on('request', (r) => requetes.push(r.url()));
    assert.equal(requetes.filter((u) => u.includes('maplibre')).length, 0, 'MapLibre n’est pas chargé avant le clic');
    await page.click('[data-carte-bouton]');
    await page.waitForFunction(() => /affichée|pas disponible|pas pu/.test(document.querySelector('[data-carte-statut]')?.textContent ?? ''), undefined, { timeout: 20000 });
    // The 30 places around Roubaix are a few hundred metres apart: at the fitted zoom some must be grouped.
    await page.waitForFunction(() => /Carte affichée : /.test(document.querySelector('[data-carte-statut]')?.textContent ?? ''), undefined, { timeout: 20000 });
    assert.match((await page.textContent('[data-carte-statut]')) ?? '', /Carte affichée : 30 lieux, dont certains regroupés en \d+ grappes?\./);
    assert.equal(await page.locator('[data-carte] canvas').count(), 1);
    assert.ok(requetes.some((u) => u.includes('/api/v1/lieux?') && u.includes('format=geojson')));
    assert.deepEqual(erreurs, []);
    await fermer();
  });

  it('sans fond de carte (style injoignable), la carte le dit et la liste reste entière', async () => {
    const { page, fermer } = await ouvrir('/lieux?adresse=Roubaix');
    await page.route('**/style.json', (r) => r.abort());
    await page.click('[data-carte-bouton]');
    await page.waitForFunction(() => /affichée|pas disponible|pas pu/.test(document.querySelector('[data-carte-statut]')?.textContent ?? ''), undefined, { timeout: 20000 });
    assert.match((await page.textContent('[data-carte-statut]')) ?? '', /Le fond de carte n’est pas disponible/);
    assert.equal(await page.locator('[data-carte]').isVisible(), false);
    assert.equal(await page.locator('.mj-resultats > li').count(), 20);
    await fermer();
  });

  it(`poids : première visite des résultats ≤ ${LIMITE_PREMIERE_VISITE / 1024} Ko, page suivante ≤ ${LIMITE_PAGE_SUIVANTE / 1024} Ko`, async () => {
    const { page, fermer } = await ouvrir('/lieux?adresse=Roubaix');
    const suivante = await page.getAttribute('a.fr-pagination__link--next', 'href');
    await fermer();
    assert.ok(suivante);
    const m = await mesurerPoids(navigateur, `${serveur.url}/lieux?adresse=Roubaix`, serveur.url + suivante);
    assert.ok(m.premiere.total <= LIMITE_PREMIERE_VISITE, `première visite : ${m.premiere.total} octets\n${JSON.stringify(m.premiere.ressources, null, 1)}`);
    assert.ok(m.suivante.total <= LIMITE_PAGE_SUIVANTE, `page suivante : ${m.suivante.total} octets\n${JSON.stringify(m.suivante.ressources, null, 1)}`);
    // Every text resource went compressed.
    for (const r of m.premiere.ressources) if (!/\.woff2$|^data:/.test(r.url)) assert.notEqual(r.encodage, 'aucun', r.url.slice(0, 80));
  });
});
