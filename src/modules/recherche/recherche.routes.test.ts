import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createTestApp } from '../../../test/helpers/app.ts';
import { affinagesTermines, compteurs } from './encodage.ts';
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
  const LYON = '/api/v1/lieux?commune=Lyon&services=Aide%20aux%20d%C3%A9marches%20administratives';

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

  it('compression négociée : br ou gzip selon Accept-Encoding, mêmes octets une fois décompressés, ETag par encodage', async () => {
    const chemin = '/api/v1/lieux?departement=69&limite=3';
    const ae = (v: string) => ({ headers: { 'accept-encoding': v } });
    const identite = await get(chemin);
    const brut = Buffer.from(await identite.arrayBuffer());
    assert.ok(brut.length > 2000, `${brut.length} octets : trop petit pour être compressé`);
    assert.equal(identite.headers.get('content-encoding'), null);
    assert.equal(identite.headers.get('vary'), 'Accept, Accept-Encoding');
    const etags = new Set([identite.headers.get('etag')]);
    for (const [entete, attendu] of [['gzip, deflate, br', 'br'], ['gzip, deflate', 'gzip'], ['br;q=0, gzip', 'gzip'], ['x-gzip', 'gzip'], ['*', 'br'], ['gzip;q=1, br;q=0.5', 'gzip'], ['BR', 'br']] as const) {
      const r = await get(chemin, ae(entete));
      assert.equal(r.status, 200, entete);
      assert.equal(r.headers.get('content-encoding'), attendu, entete);
      assert.equal(r.headers.get('vary'), 'Accept, Accept-Encoding', entete);
      const octets = Buffer.from(await r.arrayBuffer());
      assert.ok(octets.length < brut.length / 2, `${entete} : ${octets.length} octets`);
      assert.deepEqual(attendu === 'br' ? brotliDecompressSync(octets) : gunzipSync(octets), brut, entete);
      etags.add(r.headers.get('etag'));
      // Same headers as the identity answer, except the encoding's own.
      for (const h of ['content-type', 'x-total-count', 'cache-control', 'access-control-allow-origin']) assert.equal(r.headers.get(h), identite.headers.get(h), h);
    }
    // One tag per representation: identity, br, gzip.
    assert.equal(etags.size, 3);
    for (const entete of ['identity', 'gzip;q=0, br;q=0', 'deflate', '*;q=0']) {
      const r = await get(chemin, ae(entete));
      assert.equal(r.headers.get('content-encoding'), null, entete);
      assert.deepEqual(Buffer.from(await r.arrayBuffer()), brut, entete);
      assert.equal(r.headers.get('etag'), identite.headers.get('etag'), entete);
    }
  });

  it('compression : gardée avec l’entrée (un accès au cache ne compresse pas), 304 et HEAD par encodage, petites réponses telles quelles', async () => {
    const chemin = '/api/v1/lieux?departement=69&limite=2';
    const br = { 'accept-encoding': 'gzip, deflate, br' };
    let avant = compteurs.compressions;
    const r1 = await get(chemin, { headers: br });
    assert.equal(r1.headers.get('x-cache'), 'MISS');
    assert.equal(compteurs.compressions - avant, 1);
    avant = compteurs.compressions;
    const r2 = await get(chemin, { headers: br });
    assert.equal(r2.headers.get('x-cache'), 'HIT');
    assert.deepEqual(Buffer.from(await r2.arrayBuffer()), Buffer.from(await r1.arrayBuffer()));
    assert.equal(compteurs.compressions - avant, 0);
    // Sent twice, the br form is being redone at the finer level, off the request path: let it land first.
    await affinagesTermines();
    // A gzip client on the same entry: compressed once, then kept too.
    await get(chemin, { headers: { 'accept-encoding': 'gzip' } });
    await get(chemin, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(compteurs.compressions - avant, 1);
    await affinagesTermines();
    // 304 when the tag of the representation this client would get is the one it holds, not another one's.
    const etagBr = (await get(chemin, { headers: br })).headers.get('etag')!;
    const n = await get(chemin, { headers: { ...br, 'if-none-match': etagBr } });
    assert.equal(n.status, 304);
    assert.equal(n.headers.get('etag'), etagBr);
    assert.equal(n.headers.get('vary'), 'Accept, Accept-Encoding');
    assert.equal(await n.text(), '');
    assert.equal((await get(chemin, { headers: { 'if-none-match': etagBr } })).status, 200);
    const identite = await get(chemin);
    assert.equal((await get(chemin, { headers: { ...br, 'if-none-match': identite.headers.get('etag')! } })).status, 200);
    // HEAD: the GET's headers (encoding, tag), no body.
    const tete = await get(chemin, { method: 'HEAD', headers: br });
    assert.equal(tete.status, 200);
    assert.equal(tete.headers.get('content-encoding'), 'br');
    assert.equal(tete.headers.get('etag'), etagBr);
    assert.equal((await tete.arrayBuffer()).byteLength, 0);
    // A tiny answer (no place found) and an error go as they are.
    const vide = await get('/api/v1/lieux?q=zzzzzzzz&facettes=false', { headers: br });
    assert.equal(vide.status, 200);
    assert.equal(vide.headers.get('content-encoding'), null);
    assert.equal(((await vide.json()) as { total: number }).total, 0);
    const erreur = await get('/api/v1/lieux?commune=Xyzzyville', { headers: br });
    assert.equal(erreur.status, 400);
    assert.equal(erreur.headers.get('content-encoding'), null);
    assert.equal(((await erreur.json()) as { erreur: { code: string } }).erreur.code, 'requete_invalide');
  });

  it('en-têtes posés avant la route (cookie de session périmé effacé) et CORS des erreurs : gardés', async () => {
    const r = await get(LYON, { headers: { cookie: 'maillage_session=perime', 'accept-encoding': 'br' } });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('set-cookie') ?? '', /maillage_session=;/);
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
    assert.equal(r.headers.get('content-encoding'), 'br');
    assert.equal(r.headers.get('vary'), 'Accept, Accept-Encoding');
    const sans = await get(LYON, { headers: { 'accept-encoding': 'br' } });
    assert.equal(sans.headers.get('set-cookie'), null);
    assert.equal(sans.headers.get('etag'), r.headers.get('etag'));
    assert.deepEqual(Buffer.from(await sans.arrayBuffer()), Buffer.from(await r.arrayBuffer()));
    for (const chemin of ['/api/v1/lieux?commune=Xyzzyville', '/api/v1/lieux?limite=0']) {
      const e = await get(chemin);
      assert.equal(e.status, 400);
      assert.equal(e.headers.get('access-control-allow-origin'), '*');
      assert.equal(e.headers.get('access-control-expose-headers'), 'Link,X-Total-Count,ETag');
    }
  });

  it('HEAD : la longueur du GET de la même représentation (Content-Length), identité et compressée', async () => {
    const chemin = '/api/v1/lieux?departement=69&limite=3';
    for (const entetes of [{}, { 'accept-encoding': 'br' }, { 'accept-encoding': 'gzip' }, { cookie: 'autre=1', 'accept-encoding': 'br' }] as Record<string, string>[]) {
      const corps = Buffer.from(await (await get(chemin, { headers: entetes })).arrayBuffer());
      const tete = await get(chemin, { method: 'HEAD', headers: entetes });
      assert.equal(tete.status, 200);
      assert.equal(tete.headers.get('content-length'), String(corps.length), JSON.stringify(entetes));
    }
  });

  it('accès répétés au cache : chaque représentation garde ses propres en-têtes, que HEAD, 304 et cookies ne changent pas', async () => {
    // A 200 hit's headers are made once per representation and shared by its later hits (recherche.routes.ts).
    const chemin = '/api/v1/lieux?departement=69&limite=3&facettes=false';
    const tous = (r: Response) => JSON.stringify([...r.headers].sort());
    const formes = [{}, { 'accept-encoding': 'br' }, { 'accept-encoding': 'gzip' }] as Record<string, string>[];
    await get(chemin);
    // Each form sent twice, and redone at the finer level (off the request path) before the headers are compared.
    for (const entetes of [...formes, ...formes]) await get(chemin, { headers: entetes });
    await affinagesTermines();
    const premiers: string[] = [];
    for (const entetes of formes) {
      const r = await get(chemin, { headers: entetes });
      assert.equal(r.headers.get('x-cache'), 'HIT');
      assert.equal(r.headers.get('content-length'), String((await r.arrayBuffer()).byteLength));
      premiers.push(tous(r));
    }
    assert.equal(new Set(premiers).size, 3, 'une ETag, un Content-Encoding, une longueur par représentation');
    for (const entetes of formes) {
      const etag = (await get(chemin, { method: 'HEAD', headers: entetes })).headers.get('etag')!;
      assert.equal((await get(chemin, { headers: { ...entetes, 'if-none-match': etag } })).status, 304);
      await get(chemin, { headers: { ...entetes, cookie: 'maillage_session=perime' } });
    }
    for (const [i, entetes] of formes.entries()) assert.equal(tous(await get(chemin, { headers: entetes })), premiers[i]);
  });

  it('réponse demandée de nouveau : recompressée plus serrée hors du chemin de la requête, une fois, puis servie à sa place', async () => {
    const chemin = '/api/v1/lieux?limite=50';
    for (const [encodage, decompresser] of [['br', brotliDecompressSync], ['gzip', gunzipSync]] as const) {
      const h = { 'accept-encoding': encodage };
      const identite = Buffer.from(await (await get(chemin)).arrayBuffer());
      // First use of this encoding on the entry: the fast form, made on the request path.
      const r1 = await get(chemin, { headers: h });
      const rapide = Buffer.from(await r1.arrayBuffer());
      const avant = compteurs.affinages;
      // A HEAD and a 304 send no bytes: they do not make the answer popular.
      await get(chemin, { method: 'HEAD', headers: h });
      assert.equal((await get(chemin, { headers: { ...h, 'if-none-match': r1.headers.get('etag')! } })).status, 304);
      await affinagesTermines();
      assert.equal(compteurs.affinages - avant, 0, `${encodage} : HEAD, 304`);
      // Sent again, twice at once: still the fast form for these requests, the finer one is made once meanwhile.
      const [r2, r2bis] = await Promise.all([get(chemin, { headers: h }), get(chemin, { headers: h })]);
      assert.deepEqual(Buffer.from(await r2.arrayBuffer()), rapide, encodage);
      assert.deepEqual(Buffer.from(await r2bis.arrayBuffer()), rapide, encodage);
      await affinagesTermines();
      assert.equal(compteurs.affinages - avant, 1, encodage);
      const r3 = await get(chemin, { headers: h });
      const fine = Buffer.from(await r3.arrayBuffer());
      assert.ok(fine.length < rapide.length, `${encodage} : ${fine.length} octets, pas moins que ${rapide.length}`);
      assert.deepEqual(decompresser(fine), identite, encodage);
      assert.equal(r3.headers.get('content-length'), String(fine.length));
      // Other bytes, same content, same (weak) tag: a client holding the fast form's tag keeps its 304.
      assert.equal(r3.headers.get('etag'), r1.headers.get('etag'));
      assert.ok(r3.headers.get('etag')!.startsWith('W/'), r3.headers.get('etag')!);
      assert.equal((await get(chemin, { headers: { ...h, 'if-none-match': r1.headers.get('etag')! } })).status, 304);
      await get(chemin, { headers: h });
      await affinagesTermines();
      assert.equal(compteurs.affinages - avant, 1, `${encodage} : redone once only`);
    }
  });

  it('recompressions plus serrées : quatre à la fois au plus, les autres au prochain accès', async () => {
    const h = { 'accept-encoding': 'br' };
    const chemins = Array.from({ length: 8 }, (_, i) => `/api/v1/lieux?limite=${60 + i}`);
    for (const chemin of chemins) await get(chemin, { headers: h });
    await affinagesTermines();
    const avant = compteurs.affinages;
    await Promise.all(chemins.map((chemin) => get(chemin, { headers: h })));
    assert.equal(compteurs.affinages - avant, 4);
    await affinagesTermines();
    await Promise.all(chemins.map((chemin) => get(chemin, { headers: h })));
    await affinagesTermines();
    assert.equal(compteurs.affinages - avant, 8);
  });

  it('une autre méthode sur /api/v1/lieux : 404 avec les en-têtes CORS, comme toute l’API', async () => {
    for (const method of ['PROPFIND', 'PURGE']) {
      const r = await get('/api/v1/lieux?commune=Lyon', { method });
      assert.equal(r.status, 404, method);
      assert.equal(r.headers.get('access-control-allow-origin'), '*', method);
    }
  });

  it('réponse qui efface un cookie de session périmé : jamais gardée par un cache partagé', async () => {
    // A CDN keeping it would hand the deletion to every signed-in visitor of this URL for a minute.
    const r = await get(LYON, { headers: { cookie: 'maillage_session=perime' } });
    assert.match(r.headers.get('set-cookie') ?? '', /maillage_session=;/);
    assert.doesNotMatch(r.headers.get('cache-control') ?? '', /public/);
    assert.match(r.headers.get('cache-control') ?? '', /private/);
    // Without that deletion, the public answer as usual.
    assert.equal((await get(LYON, { headers: { cookie: 'autre=1' } })).headers.get('cache-control'), 'public, max-age=60');
  });
});

function graine(s: number): () => number {
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
