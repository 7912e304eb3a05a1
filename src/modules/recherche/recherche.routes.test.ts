import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createTestApp } from '../../../test/helpers/app.ts';
import { insererLieux, LIEUX_TEST } from './recherche.fixtures.ts';
import { PARAMETRES } from './recherche.schema.ts';

interface Erreur {
  erreur: { code: string; message: string; details: { field?: string; message: string }[] };
}

describe('API de recherche /api/v1/lieux', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let ban: Server;
  const demandesBan: string[] = [];

  before(async () => {
    // A tiny local server playing the Base Adresse Nationale (no outside network in tests).
    ban = createServer((req, res) => {
      demandesBan.push(req.url ?? '');
      const q = new URL(req.url ?? '/', 'http://x').searchParams.get('q') ?? '';
      res.setHeader('content-type', 'application/json');
      if (q.includes('panne')) {
        res.statusCode = 500;
        res.end('{}');
        return;
      }
      const features = q.includes('Oberkampf') ? [{ geometry: { type: 'Point', coordinates: [2.3771, 48.8649] }, properties: { label: '12 Rue Oberkampf 75011 Paris', citycode: '75111' } }] : [];
      res.end(JSON.stringify({ type: 'FeatureCollection', features }));
    });
    await new Promise<void>((r) => ban.listen(0, '127.0.0.1', r));
    const port = (ban.address() as AddressInfo).port;
    t = await createTestApp({ env: { BAN_URL: `http://127.0.0.1:${port}` } });
    await insererLieux(t.deps.database.db, LIEUX_TEST);
    await t.deps.recherche.rafraichir();
  });
  after(async () => {
    await t.close();
    await new Promise((r) => ban.close(r));
  });

  const get = (chemin: string, init?: RequestInit) => t.app.request(chemin, init);

  it('JSON aux noms du standard, distance, facettes, en-têtes CORS et X-Total-Count', async () => {
    const res = await get('/api/v1/lieux?commune=Lyon&services=Aide%20aux%20d%C3%A9marches%20administratives', { headers: { origin: 'https://exemple.fr' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('x-total-count'), '1');
    const corps = (await res.json()) as { total: number; lieux: Record<string, unknown>[]; facettes: Record<string, Record<string, number>> };
    assert.equal(corps.total, 1);
    const lieu = corps.lieux[0]!;
    assert.equal(lieu.nom, 'Médiathèque François Mitterrand');
    assert.equal(lieu.services, 'Aide aux démarches administratives');
    assert.equal(lieu.code_postal, '69001');
    assert.equal(typeof (lieu.recherche as { distance_km: number }).distance_km, 'number');
    assert.equal(corps.facettes.services!['Loisirs et créations numériques'], 1);
    const pre = await get('/api/v1/lieux', { method: 'OPTIONS', headers: { origin: 'https://exemple.fr', 'access-control-request-method': 'GET' } });
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    // The same headers hono/cors gave (origin '*'), now set by the module's own middleware.
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-methods'), 'GET,HEAD,OPTIONS');
    assert.equal(pre.headers.get('access-control-max-age'), '86400');
    assert.equal(pre.headers.get('access-control-expose-headers'), 'Link,X-Total-Count,ETag');
    const preEntetes = await get('/api/v1/lieux', { method: 'OPTIONS', headers: { origin: 'https://exemple.fr', 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-a, x-b' } });
    assert.equal(preEntetes.headers.get('access-control-allow-headers'), 'x-a,x-b');
    assert.equal(preEntetes.headers.get('vary'), 'Access-Control-Request-Headers');
    assert.equal(res.headers.get('access-control-expose-headers'), 'Link,X-Total-Count,ETag');
    const erreur = await get('/api/v1/lieux?rayon_km=abc');
    assert.equal(erreur.status, 400);
    assert.equal(erreur.headers.get('access-control-allow-origin'), '*');
  });

  it('GeoJSON et CSV (paramètre format ou en-tête Accept), lien de page suivante', async () => {
    const geo = await get('/api/v1/lieux?departement=69&format=geojson&limite=2');
    assert.match(geo.headers.get('content-type')!, /application\/geo\+json/);
    const fc = (await geo.json()) as { type: string; total: number; features: { geometry: { coordinates: number[] }; properties: { nom: string } }[]; suivant?: string };
    assert.equal(fc.type, 'FeatureCollection');
    assert.equal(fc.total, 3);
    assert.equal(fc.features.length, 2);
    assert.equal(fc.features[0]!.geometry.coordinates.length, 2);
    assert.match(fc.suivant!, /curseur=/);
    assert.match(geo.headers.get('link')!, /rel="next"/);
    const csv = await get('/api/v1/lieux?departement=69', { headers: { accept: 'text/csv' } });
    assert.match(csv.headers.get('content-type')!, /text\/csv/);
    const lignes = (await csv.text()).trim().split('\n');
    assert.match(lignes[0]!, /^"id","pivot","nom"/);
    assert.equal(lignes.length, 4);
  });

  it('adresse : BAN quand configurée, centre de la commune quand elle échoue', async () => {
    const r1 = (await (await get('/api/v1/lieux?adresse=12%20rue%20Oberkampf%20Paris&rayon_km=1')).json()) as { origine: { methode: string }; lieux: { nom: string }[] };
    assert.equal(r1.origine.methode, 'ban');
    assert.deepEqual(r1.lieux.map((l) => l.nom), ['Espace numérique Oberkampf']);
    const r2 = (await (await get('/api/v1/lieux?adresse=panne%2069100%20Villeurbanne&rayon_km=1')).json()) as { origine: { methode: string }; lieux: { nom: string }[] };
    assert.equal(r2.origine.methode, 'centre_commune');
    assert.ok(demandesBan.some((u) => u.startsWith('/search/?q=') && u.includes('limit=1')));
  });

  it('400 en français qui liste les valeurs possibles', async () => {
    const cas: [string, RegExp][] = [
      ['/api/v1/lieux?services=Cuisine', /Valeurs possibles : Aide aux démarches administratives \| /],
      ['/api/v1/lieux?couleur=bleu', /Paramètre inconnu : « couleur ». Paramètres possibles : q, lat, lon/],
      ['/api/v1/lieux?ouvert=demain', /maintenant \| week-end/],
      ['/api/v1/lieux?format=xml', /json \| geojson \| csv/],
      ['/api/v1/lieux?lat=abc&lon=2', /« lat » doit être un nombre/],
      ['/api/v1/lieux?lat=40.7&lon=-74', /hors de France/],
      ['/api/v1/lieux?commune=Xyzzyville', /Commune inconnue/],
      ['/api/v1/lieux?limite=1000', /entre 1 et 100/],
      ['/api/v1/lieux?q=a&q=b', /plusieurs fois/],
      ['/api/v1/lieux?jour=jeudi&heure=25:00', /HH:MM/],
      ['/api/v1/lieux?curseur=%%%', /./],
      [`/api/v1/lieux?q=${'x'.repeat(10000)}`, /trop long/],
    ];
    for (const [chemin, attendu] of cas) {
      const res = await get(chemin);
      assert.equal(res.status, 400, chemin.slice(0, 80));
      const corps = (await res.json()) as Erreur;
      assert.equal(corps.erreur.code, 'requete_invalide');
      assert.match(corps.erreur.message, attendu, chemin.slice(0, 80));
    }
  });

  it('jour : une date qui n’existe pas → 400 (pas de report au mois suivant) ; heure hors de 00:00–23:59 → 400', async () => {
    for (const jour of ['2026-99-99', '2026-02-30', '2025-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '0050-06-01']) {
      const res = await get(`/api/v1/lieux?jour=${jour}`);
      assert.equal(res.status, 400, jour);
      const corps = (await res.json()) as Erreur;
      assert.equal(corps.erreur.code, 'requete_invalide');
      assert.match(corps.erreur.message, new RegExp(`« jour » : « ${jour} » n’est pas une date qui existe`), jour);
      assert.equal(corps.erreur.details[0]!.field, 'jour');
    }
    for (const jour of ['2028-02-29', '2026-12-31', 'lundi']) assert.equal((await get(`/api/v1/lieux?jour=${jour}`)).status, 200, jour);
    for (const heure of ['25:00', '10:61', '24:00', '9:00', '10h30']) {
      const res = await get(`/api/v1/lieux?jour=lundi&heure=${heure}`);
      assert.equal(res.status, 400, heure);
      assert.match(((await res.json()) as Erreur).erreur.message, /« heure » attend une heure HH:MM \(00:00 à 23:59\)/, heure);
    }
  });

  it('q sans aucun mot (ponctuation, caractères nuls) : 400 seul, ignoré avec un autre critère', async () => {
    for (const chemin of ['/api/v1/lieux?q=!!!', '/api/v1/lieux?q=%00%00', '/api/v1/lieux?q=%20-%20', '/api/v1/lieux?q=!!!&limite=5&facettes=false', '/api/v1/lieux?q=!!!&rdv_en_ligne=false', '/api/v1/lieux?q=!!!&format=csv', '/api/v1/lieux?q=!!!&services=']) {
      const res = await get(chemin);
      assert.equal(res.status, 400, chemin);
      const corps = (await res.json()) as Erreur;
      assert.equal(corps.erreur.code, 'requete_invalide');
      assert.match(corps.erreur.message, /^La recherche texte ne contient aucun mot utilisable \(lettres ou chiffres\)/, chemin);
      assert.equal(corps.erreur.details[0]!.field, 'q', chemin);
    }
    // With another criterion the text is dropped: the same answer as without it, sorted as without it.
    for (const [avec, sans] of [['/api/v1/lieux?q=!!!&departement=69', '/api/v1/lieux?departement=69'], ['/api/v1/lieux?commune=Lyon&q=%00', '/api/v1/lieux?commune=Lyon']]) {
      const r = await get(avec!);
      assert.equal(r.status, 200, avec);
      assert.deepEqual(await r.json(), await (await get(sans!)).json(), avec);
    }
    assert.equal(((await (await get('/api/v1/lieux?q=!!!&departement=69')).json()) as { tri: string }).tri, 'nom');
    // The results page forwards q to the same schema: a page that says what is wrong, not a 5xx or the whole register.
    const page = await get('/lieux?q=!!!', { headers: { accept: 'text/html' } });
    assert.equal(page.status, 400);
    assert.match(await page.text(), /ne contient aucun mot utilisable/);
  });

  it('typologie : liste ouverte, forme du code vérifiée, messages en français, codes présents dans les facettes', async () => {
    const trop = Array.from({ length: 101 }, (_, i) => `T${i}`).join('|');
    for (const [chemin, attendu] of [
      [`/api/v1/lieux?typologie=${trop}`, /^Trop de valeurs pour « typologie » \(100 au plus\)\.$/],
      ['/api/v1/lieux?typologie=BIB|A-B', /^Code de typologie mal formé : « A-B »\. .*facettes\.typologie/],
    ] as const) {
      const res = await get(chemin);
      assert.equal(res.status, 400, chemin.slice(0, 80));
      const corps = (await res.json()) as Erreur;
      assert.match(corps.erreur.message, attendu, chemin.slice(0, 80));
    }
    // The standard fixes no list (recherche.schema.ts): a well-formed code no place carries is an empty answer,
    // and the codes in use are there to pick from.
    const inconnu = (await (await get('/api/v1/lieux?typologie=ZZZ')).json()) as { total: number; facettes: { typologie: Record<string, number> } };
    assert.equal(inconnu.total, 0);
    assert.equal(inconnu.facettes.typologie.BIB, 2);
  });

  it('openapi.json décrit chaque paramètre ; /api/docs est une page lisible', async () => {
    const res = await get('/api/v1/openapi.json');
    assert.equal(res.status, 200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, { get: { parameters?: { name: string; description: string; schema: { items?: { enum?: string[] } } }[] } }> };
    assert.match(doc.openapi, /^3\.1/);
    const params = doc.paths['/api/v1/lieux']!.get.parameters!;
    assert.deepEqual(params.map((p) => p.name), [...PARAMETRES]);
    for (const p of params) assert.ok(p.description.length > 10, p.name);
    assert.ok(params.find((p) => p.name === 'services')!.schema.items!.enum!.includes('Aide aux démarches administratives'));
    for (const route of ['/api/v1/lieux/{uid}', '/api/v1/lieux/{uid}/provenance', '/api/v1/sources', '/api/v1/lieux.csv']) assert.ok(doc.paths[route], route);
    const docs = await get('/api/docs');
    assert.equal(docs.status, 200);
    const page = await docs.text();
    assert.match(page, /<html lang="fr"/);
    assert.match(page, /modified_after/);
    assert.doesNotMatch(page, /<script/);
    // Its CSP has no 'unsafe-inline': the page's one <style> is allowed by its exact hash, nothing else runs.
    const csp = docs.headers.get('content-security-policy') ?? '';
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /frame-ancestors 'none'/);
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1]!;
    const hash = createHash('sha256').update(style).digest('base64');
    assert.ok(csp.includes(`style-src 'sha256-${hash}'`), csp);
  });

  it('requêtes aléatoires (clés, valeurs, longueurs, HTML) : jamais de 5xx', async () => {
    const alea = graine(42);
    const cles = [...PARAMETRES, 'x', '', '<script>', '__proto__', 'constructor', 'services[]', 'lat.lon'];
    const morceaux = ['', '0', '-1', '1e308', 'NaN', 'Infinity', 'true', 'oui', '%', '%zz', '%00', '<script>alert(1)</script>', '"\'><img src=x onerror=1>', 'Aide aux démarches administratives', 'Lyon', '69', '2A', '97120', 'maintenant', 'week-end', 'samedi', '12:00', '2026-07-14', 'a|b|', '|||', 'é', '🙂', '\u0000', ' '];
    const routes = ['/api/v1/lieux', '/api/v1/openapi.json', '/api/docs', '/api/v1/sources'];
    let vus5xx = 0;
    for (let i = 0; i < 1200; i++) {
      const n = Math.floor(alea() * 5);
      const parties: string[] = [];
      for (let j = 0; j < n; j++) {
        const cle = cles[Math.floor(alea() * cles.length)]!;
        let valeur = morceaux[Math.floor(alea() * morceaux.length)]!;
        if (alea() < 0.05) valeur = valeur.repeat(Math.ceil(10000 / Math.max(valeur.length, 1))).slice(0, 10000);
        const brut = alea() < 0.2;
        parties.push(`${brut ? cle : encodeURIComponent(cle)}=${brut ? valeur : encodeURIComponent(valeur)}`);
      }
      const route = routes[i % routes.length]!;
      let res: Response;
      try {
        res = await get(`${route}?${parties.join('&')}`);
      } catch {
        continue; // a URL the Request constructor itself rejects never reaches the server
      }
      if (res.status >= 500) {
        vus5xx++;
        assert.fail(`${res.status} pour ${route}?${parties.join('&').slice(0, 200)} : ${(await res.text()).slice(0, 200)}`);
      }
      await res.arrayBuffer();
    }
    assert.equal(vus5xx, 0);
  });
});

function graine(s: number): () => number {
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
