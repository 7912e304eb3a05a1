import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createApp } from '../../app.ts';
import { createLogger } from '../../logger.ts';
import { createTestApp } from '../../../test/helpers/app.ts';
import { CacheReponses, cleCanonique, correspond, etagDe, type ReponseEnCache } from './cache-reponses.ts';
import { insererLieux, LIEUX_TEST } from './recherche.fixtures.ts';
import { creerRechercheService, type RechercheService } from './recherche.service.ts';

describe('cache des réponses de /api/v1/lieux', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let service: RechercheService;
  let app: ReturnType<typeof createApp>;
  // Wednesday 3 June 2026, 17:58 in Paris: the Lyon médiathèque (Mo-Fr 09:00-18:00) closes two minutes later.
  let horloge = new Date('2026-06-03T15:58:10Z');
  let calculs = 0;
  let panne = false;

  before(async () => {
    t = await createTestApp();
    await insererLieux(t.deps.database.db, LIEUX_TEST);
    service = creerRechercheService({ database: t.deps.database, territoires: t.deps.territoires, logger: createLogger('silent'), ecouter: false, maintenant: () => horloge });
    // Counts the searches really run: a cached answer runs none.
    const compte: RechercheService = {
      ...service,
      async rechercher(r) {
        calculs++;
        if (panne) throw new Error('base indisponible');
        return service.rechercher(r);
      },
    };
    app = createApp({ ...t.deps, recherche: compte });
    await service.pret();
  });
  after(async () => {
    await service.arreter();
    await t.close();
  });

  const get = (chemin: string, init?: RequestInit) => app.request(chemin, init);
  const LYON = '/api/v1/lieux?commune=Lyon&services=Aide%20aux%20d%C3%A9marches%20administratives';

  it('une requête répétée est servie à l’identique, sans nouvelle recherche', async () => {
    const avant = calculs;
    const r1 = await get(LYON);
    const r2 = await get(LYON);
    assert.equal(r1.status, 200);
    assert.equal(r2.status, 200);
    assert.equal(r1.headers.get('x-cache'), 'MISS');
    assert.equal(r2.headers.get('x-cache'), 'HIT');
    assert.equal(calculs - avant, 1);
    assert.deepEqual(Buffer.from(await r2.arrayBuffer()), Buffer.from(await r1.arrayBuffer()));
    for (const h of ['etag', 'content-type', 'x-total-count', 'cache-control', 'access-control-allow-origin', 'vary']) assert.equal(r2.headers.get(h), r1.headers.get(h), h);
    assert.equal(r1.headers.get('cache-control'), 'public, max-age=60');
    assert.equal(r1.headers.get('access-control-allow-origin'), '*');
    assert.equal(r1.headers.get('vary'), 'Accept, Accept-Encoding');
    assert.match(r1.headers.get('etag')!, /^"[\w-]+"$/);
  });

  it('l’ordre des paramètres (et des valeurs d’un filtre) ne compte pas', async () => {
    const avant = calculs;
    const a = await get('/api/v1/lieux?departement=69&frais_a_charge=Gratuit|Payant&limite=2');
    const b = await get('/api/v1/lieux?limite=2&frais_a_charge=Payant&frais_a_charge=Gratuit&departement=69');
    assert.equal(b.headers.get('x-cache'), 'HIT');
    assert.equal(calculs - avant, 1);
    assert.equal(await b.text(), await a.text());
    // A different query is another entry.
    assert.equal((await get('/api/v1/lieux?departement=69&frais_a_charge=Gratuit&limite=2')).headers.get('x-cache'), 'MISS');
  });

  it('JSON, GeoJSON et CSV sont des entrées distinctes ; ?format= et Accept se rejoignent ; les pages (curseur) aussi', async () => {
    const csv1 = await get('/api/v1/lieux?departement=69&format=csv');
    const csv2 = await get('/api/v1/lieux?departement=69', { headers: { accept: 'text/csv' } });
    assert.equal(csv2.headers.get('x-cache'), 'HIT');
    assert.match(csv2.headers.get('content-type')!, /text\/csv/);
    assert.equal(await csv2.text(), await csv1.text());
    const json = await get('/api/v1/lieux?departement=69');
    assert.equal(json.headers.get('x-cache'), 'MISS');
    assert.match(json.headers.get('content-type')!, /application\/json/);
    const geo1 = await get('/api/v1/lieux?departement=69&format=geojson&limite=2');
    const suivant = ((await geo1.json()) as { curseur_suivant: string }).curseur_suivant;
    const page = `/api/v1/lieux?departement=69&format=geojson&limite=2&curseur=${encodeURIComponent(suivant)}`;
    const p1 = await get(page);
    const p2 = await get(page);
    assert.equal(p1.headers.get('x-cache'), 'MISS');
    assert.equal(p2.headers.get('x-cache'), 'HIT');
    assert.equal(((await p2.json()) as { features: unknown[] }).features.length, 1);
  });

  it('If-None-Match → 304 sans corps, avec les en-têtes CORS et de cache', async () => {
    const r = await get(LYON);
    const etag = r.headers.get('etag')!;
    for (const inm of [etag, `W/${etag}`, `"autre", ${etag}`, '*']) {
      const n = await get(LYON, { headers: { 'if-none-match': inm } });
      assert.equal(n.status, 304, inm);
      assert.equal(await n.text(), '');
      assert.equal(n.headers.get('etag'), etag);
      assert.equal(n.headers.get('cache-control'), 'public, max-age=60');
      assert.equal(n.headers.get('access-control-allow-origin'), '*');
    }
    assert.equal((await get(LYON, { headers: { 'if-none-match': '"autre"' } })).status, 200);
    // Also when the answer had to be computed (another format: not cached yet).
    const csv = await get(`${LYON}&format=csv&limite=3`);
    const n = await get(`${LYON}&limite=3&format=csv`, { headers: { 'if-none-match': csv.headers.get('etag')! } });
    assert.equal(n.status, 304);
  });

  it('une modification du registre (index rafraîchi) se voit à la requête suivante, dans la même minute', async () => {
    const chemin = '/api/v1/lieux?commune=Strasbourg';
    const avant = (await (await get(chemin)).json()) as { lieux: { nom: string }[] };
    assert.equal(avant.lieux[0]!.nom, 'Médiathèque Malraux');
    assert.equal((await get(chemin)).headers.get('x-cache'), 'HIT');
    const v = service.version();
    await t.deps.database.db.updateTable('lieux').set({ nom: 'Médiathèque Malraux rénovée', modifie_le: sql`now()` }).where('uid', '=', 'strasbourg').execute();
    assert.equal((await service.rafraichir()).appliques, 1);
    assert.ok(service.version() > v);
    const apres = await get(chemin);
    assert.equal(apres.headers.get('x-cache'), 'MISS');
    assert.equal(((await apres.json()) as { lieux: { nom: string }[] }).lieux[0]!.nom, 'Médiathèque Malraux rénovée');
    // An import of a new place too.
    await insererLieux(t.deps.database.db, [{ uid: 'strasbourg-2', nom: 'Point numérique Neudorf', commune: 'Strasbourg', code_postal: '67100', code_insee: '67482', latitude: 48.57, longitude: 7.76 }]);
    await service.rafraichir();
    const importe = (await (await get(chemin)).json()) as { total: number };
    assert.equal(importe.total, 2);
    // A refresh that changed nothing keeps the entries.
    const v2 = service.version();
    await service.rafraichir();
    assert.equal(service.version(), v2);
    assert.equal((await get(chemin)).headers.get('x-cache'), 'HIT');
  });

  it('la minute suivante, l’entrée n’est plus servie (ouvert maintenant change)', async () => {
    horloge = new Date('2026-06-03T15:59:30Z'); // 17:59:30 in Paris
    const chemin = '/api/v1/lieux?commune=Lyon&services=Aide%20aux%20d%C3%A9marches%20administratives';
    const ouvert = (await (await get(chemin)).json()) as { lieux: { recherche: { ouvert_maintenant: boolean } }[] };
    assert.equal(ouvert.lieux[0]!.recherche.ouvert_maintenant, true);
    horloge = new Date('2026-06-03T15:59:59Z');
    assert.equal((await get(chemin)).headers.get('x-cache'), 'HIT');
    horloge = new Date('2026-06-03T16:00:00Z'); // 18:00 in Paris: closed
    const r = await get(chemin);
    assert.equal(r.headers.get('x-cache'), 'MISS');
    const ferme = (await r.json()) as { lieux: { recherche: { ouvert_maintenant: boolean; prochaine_ouverture?: string } }[] };
    assert.equal(ferme.lieux[0]!.recherche.ouvert_maintenant, false);
    assert.equal(ferme.lieux[0]!.recherche.prochaine_ouverture, '2026-06-04T09:00:00+02:00');
  });

  it('une erreur n’est jamais gardée', async () => {
    const avant = calculs;
    for (let i = 0; i < 2; i++) {
      const r = await get('/api/v1/lieux?commune=Xyzzyville');
      assert.equal(r.status, 400);
      assert.notEqual(r.headers.get('cache-control'), 'public, max-age=60');
      assert.equal(r.headers.get('etag'), null);
    }
    assert.equal(calculs - avant, 2);
    // A failure (database down) on a query, then the same query once it is back: computed, a 200.
    const chemin = '/api/v1/lieux?commune=Villeurbanne';
    panne = true;
    assert.equal((await get(chemin)).status, 500);
    panne = false;
    const r = await get(chemin);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-cache'), 'MISS');
    assert.equal(((await r.json()) as { total: number }).total, 1);
  });
});

describe('CacheReponses', () => {
  const reponse = (octets: number, marque = 0): ReponseEnCache => {
    const corps = Buffer.alloc(octets, marque);
    return { corps, entetes: [['Content-Type', 'application/json']], etag: etagDe(corps), compressees: {} };
  };

  it('reste sous sa borne en octets et chasse l’entrée lue le moins récemment', () => {
    const cache = new CacheReponses(100_000);
    for (let i = 0; i < 200; i++) {
      cache.ecrire(`cle-${i}`, 'g', reponse(5_000, i));
      assert.ok(cache.octets <= 100_000, `${cache.octets} octets après ${i + 1} écritures`);
      // cle-0 read after each write: always the most recently used, never pushed out.
      assert.ok(cache.lire('cle-0'), `cle-0 chassée à l’écriture ${i}`);
    }
    assert.ok(cache.taille >= 15 && cache.taille < 20, String(cache.taille));
    assert.equal(cache.lire('cle-1'), undefined);
    assert.equal(cache.lire('cle-199')!.corps[0], 199 & 255);
    // Too large for its share: not kept (and nothing pushed out for it).
    const taille = cache.taille;
    cache.ecrire('enorme', 'g', reponse(50_000));
    assert.equal(cache.lire('enorme'), undefined);
    assert.equal(cache.taille, taille);
    // Rewriting a key replaces its bytes instead of counting them twice.
    const o = cache.octets;
    cache.ecrire('cle-0', 'g', reponse(5_000, 1));
    assert.equal(cache.octets, o);
    // A new generation (index version or minute) empties it.
    cache.ecrire('x', 'g2', reponse(10));
    assert.equal(cache.taille, 1);
    assert.equal(cache.lire('cle-0'), undefined);
  });

  it('compte les formes compressées d’une entrée (à l’écriture et quand un accès en ajoute une)', () => {
    const cache = new CacheReponses(100_000);
    const r = reponse(5_000);
    cache.ecrire('a', 'g', r);
    const seul = cache.octets;
    const r2 = reponse(5_000, 1);
    r2.compressees.br = { corps: Buffer.alloc(800), etag: '"x-br"' };
    cache.ecrire('b', 'g', r2);
    assert.equal(cache.octets - seul, seul + 800);
    cache.grandir('a', r, 700);
    assert.equal(cache.octets, 2 * seul + 1500);
    // Another response under that key (or no entry): nothing is counted.
    cache.grandir('a', r2, 700);
    cache.grandir('absente', r, 700);
    assert.equal(cache.octets, 2 * seul + 1500);
    // Growing past the bound pushes out the least recently used entry, not the grown one.
    cache.lire('a');
    cache.grandir('a', r, 90_000);
    assert.equal(cache.lire('b'), undefined);
    assert.equal(cache.lire('a'), r);
    assert.ok(cache.octets <= 100_000);
  });

  it('clé canonique et If-None-Match', () => {
    assert.equal(cleCanonique({ b: 2, a: 1, services: ['y', 'x', 'y'], q: undefined }, 'json'), cleCanonique({ services: ['x', 'y'], a: 1, b: 2 }, 'json'));
    assert.notEqual(cleCanonique({ a: 1 }, 'json'), cleCanonique({ a: 1 }, 'csv'));
    assert.notEqual(cleCanonique({ a: '1' }, 'json'), cleCanonique({ a: 1 }, 'json'));
    assert.ok(correspond('"a", W/"b"', '"b"'));
    assert.ok(!correspond('"a"', '"b"'));
    assert.ok(!correspond(undefined, '"b"'));
  });
});
