import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/helpers/db.ts';
import { createTestApp } from '../../../test/helpers/app.ts';
import { Navigateur } from '../../../test/helpers/formulaire.ts';
import { insererLieux, XSS } from '../../../test/browser/outils.ts';
import { signalementsDuLieu } from '../signalements/signalements.repository.ts';

const HTML = { accept: 'text/html' };

for (const engine of testEngines()) {
  describe(`pages de l’annuaire (${engine})`, () => {
    let t: Awaited<ReturnType<typeof createTestApp>>;
    let uids: string[];
    before(async () => {
      t = await createTestApp({ engine });
      uids = await insererLieux(t.deps.database.db, [
        { id: 'a', nom: 'EPN de la Mairie', commune: 'Roubaix', code_postal: '59100', code_insee: '59512', adresse: '1 place de la Mairie', latitude: 50.69, longitude: 3.18 },
        { id: 'x', nom: XSS.join(''), commune: XSS[1], code_postal: '59100', code_insee: '59512', adresse: XSS[0], latitude: 50.69, longitude: 3.18, texte: XSS.join(' '), demo: true },
      ]);
    });
    after(() => t.close());

    const get = (chemin: string) => t.app.request(chemin, { headers: HTML });

    it('accueil : HTML en français, CSP sans inline, aucun script en ligne', async () => {
      const res = await get('/');
      assert.equal(res.status, 200);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'/);
      assert.doesNotMatch(csp, /unsafe-inline/);
      const corps = await res.text();
      assert.match(corps, /<html lang="fr"/);
      assert.match(corps, /href="#contenu"/);
      assert.doesNotMatch(corps, /<script>|<script [^>]*>[^<]/, 'aucun script en ligne');
      assert.doesNotMatch(corps, /style="/, 'aucun style en ligne');
    });

    it('fiche : toutes les valeurs sont échappées, un lien javascript: n’est jamais cliquable', async () => {
      const res = await get(`/lieux/${uids[1]}`);
      assert.equal(res.status, 200);
      const corps = await res.text();
      assert.ok(!corps.includes(XSS[0]), 'la balise script apparaît telle quelle');
      assert.ok(!corps.includes(XSS[1]), 'la balise img apparaît telle quelle');
      assert.ok(corps.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.doesNotMatch(corps, /href="javascript:/i);
      assert.match(corps, /Données de démonstration/);
      // Every other page that shows the place's texts.
      await t.deps.recherche.rafraichir();
      for (const chemin of [`/lieux/${uids[1]}/imprimer`, `/lieux/${uids[1]}/orientation?motif=${encodeURIComponent(XSS[1])}`, `/lieux/${uids[1]}/signaler`, '/lieux?adresse=Roubaix', `/lieux?adresse=${encodeURIComponent(XSS[0])}`]) {
        const r = await get(chemin);
        assert.ok(r.status < 500, chemin);
        const html = await r.text();
        assert.ok(!html.includes(XSS[0]) && !html.includes(XSS[1]), `${chemin} : charge utile non échappée`);
        assert.doesNotMatch(html, /href="javascript:/i, chemin);
      }
    });

    it('fiche : horaires de la semaine, complétude, fraîcheur, partage', async () => {
      const corps = await (await get(`/lieux/${uids[0]}`)).text();
      assert.match(corps, /<table class="mj-horaires">/);
      assert.match(corps, /lundi<\/th><td>9 h – 12 h, 14 h – 17 h/);
      assert.match(corps, /Complétude de la fiche : <span class="mj-score">\d+ %/);
      assert.match(corps, /Mis à jour le 1er octobre 2026/);
      assert.match(corps, new RegExp(`value="http://localhost:3000/lieux/${uids[0]}"`));
      assert.doesNotMatch(corps, /Données de démonstration/);
    });

    it('un lieu inconnu ou un identifiant absurde : page 404 dans la mise en page', async () => {
      for (const uid of ['linconnu', '..%2F..%2Fetc', `${'x'.repeat(300)}`]) {
        const res = await get(`/lieux/${uid}`);
        assert.equal(res.status, 404, uid);
        const corps = await res.text();
        assert.match(corps, /<html lang="fr"/);
        assert.match(corps, /Ce lieu n’existe pas/);
      }
    });

    it('fiche d’orientation : affichée remplie, échappée, jamais mise en cache', async () => {
      const res = await get(`/lieux/${uids[0]}/orientation?beneficiaire=${encodeURIComponent(XSS[0])}&prescripteur=Mme%20B&date=2026-11-24`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
      const corps = await res.text();
      assert.ok(!corps.includes(XSS[0]));
      assert.match(corps, /<dd>&lt;script&gt;/);
      assert.match(corps, /24 novembre 2026/);
    });

    it('signaler : erreurs par champ avec la saisie conservée, puis enregistrement', async () => {
      // Through the form's page, as a browser does: it carries the CSRF cookie and hidden field.
      const navigateur = new Navigateur(t.app);
      const poster = (corps: Record<string, string>, origin?: string) =>
        navigateur.poster(`/lieux/${uids[0]}/signaler`, corps, { entetes: origin ? { origin } : {} });
      let res = await poster({ message: XSS[1], contact: 'pas un contact' });
      assert.equal(res.status, 400);
      let corps = await res.text();
      assert.match(corps, /Choisissez ce qui ne va pas/);
      assert.match(corps, /Indiquez une adresse électronique/);
      assert.ok(corps.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</textarea>'), 'la saisie est gardée, échappée');
      res = await poster({ type: 'horaires', message: 'x'.repeat(2001) });
      assert.equal(res.status, 400);
      assert.match(await res.text(), /2 000 caractères/);
      res = await poster({ type: 'horaires', message: 'Fermé le samedi' }, 'https://ailleurs.example');
      assert.equal(res.status, 403);
      assert.equal((await signalementsDuLieu(t.deps.database.db, uids[0]!)).length, 0);
      res = await poster({ type: 'horaires', message: '  Fermé le samedi  ', contact: '06 12 34 56 78' });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), `/lieux/${uids[0]}/signaler/merci`);
      const stockes = await signalementsDuLieu(t.deps.database.db, uids[0]!);
      assert.equal(stockes.length, 1);
      assert.equal(stockes[0]!.type, 'horaires');
      assert.equal(stockes[0]!.message, 'Fermé le samedi');
      assert.equal(stockes[0]!.contact, '06 12 34 56 78');
      assert.equal(stockes[0]!.statut, 'nouveau');
      corps = await (await get(`/lieux/${uids[0]}/signaler/merci`)).text();
      assert.match(corps, /votre signalement est enregistré/);
    });

    it('territoires : comptes par région, département et commune ; CSV du département', async () => {
      let corps = await (await get('/territoires')).text();
      assert.match(corps, /Hauts-de-France<\/a><span>2 lieux/);
      assert.match(corps, /Données de démonstration/, 'les comptes incluent un lieu fictif : la page le dit');
      corps = await (await get('/territoires/regions/32')).text();
      assert.match(corps, /Nord<\/a><span>2 lieux/);
      corps = await (await get('/territoires/departements/59')).text();
      assert.match(corps, /Roubaix<\/a><span>2 lieux/);
      const csv = await t.app.request('/territoires/departements/59/lieux.csv');
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
      const lignes = (await csv.text()).trim().split('\n');
      assert.equal(lignes.length, 3);
      assert.match(lignes[0]!, /^"id","pivot","nom"/);
      assert.equal((await t.app.request('/territoires/departements/62/lieux.csv')).status, 200);
      assert.equal((await get('/territoires/departements/99')).status, 404);
      assert.equal((await get('/territoires/regions/%3Cscript%3E')).status, 404);
    });

    it('ressources statiques : compressées, immuables, sans sortie du dossier', async () => {
      const accueil = await (await get('/')).text();
      const css = /href="(\/static\/app-[0-9a-f]+\.css)"/.exec(accueil)![1]!;
      let res = await t.app.request(css, { headers: { 'accept-encoding': 'gzip, br' } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-encoding'), 'br');
      assert.match(res.headers.get('cache-control') ?? '', /immutable/);
      res = await t.app.request(css, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(res.headers.get('content-encoding'), 'gzip');
      const police = /url\((\/static\/dsfr-[^)]+Marianne-Regular\.woff2)\)/.exec(await (await t.app.request(css)).text());
      assert.ok(police, 'la police est référencée par une URL versionnée');
      assert.equal((await t.app.request(police[1]!)).status, 200);
      for (const chemin of ['/static/dsfr-1.14.4/..%2F..%2Fpackage.json', '/static/dsfr-1.14.4/fonts/Marianne-Light.woff2', '/static/dsfr-1.14.4/dsfr.min.css']) {
        assert.equal((await t.app.request(chemin)).status, 404, chemin);
      }
    });
  });
}
