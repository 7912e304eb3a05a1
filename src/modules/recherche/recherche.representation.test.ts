import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createTestApp } from '../../../test/helpers/app.ts';
import { affinagesTermines, compteurs } from './encodage.ts';
import { insererLieux, LIEUX_TEST } from './recherche.fixtures.ts';

/**
 * How /api/v1/lieux sends an answer, whatever the search: negotiated compression and its finer redo, ETag and
 * 304 per representation, HEAD, the cache's shared headers, CORS on other methods, cookies. The search itself,
 * its parameters and their errors: recherche.routes.test.ts.
 */
describe('API de recherche /api/v1/lieux : représentations de la réponse', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;

  before(async () => {
    t = await createTestApp();
    await insererLieux(t.deps.database.db, LIEUX_TEST);
    await t.deps.recherche.rafraichir();
  });
  after(() => t.close());

  const get = (chemin: string, init?: RequestInit) => t.app.request(chemin, init);
  const LYON = '/api/v1/lieux?commune=Lyon&services=Aide%20aux%20d%C3%A9marches%20administratives';

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
