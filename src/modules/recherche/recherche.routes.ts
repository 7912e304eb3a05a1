import type { Context, Hono, MiddlewareHandler } from 'hono';
import { AppError } from '../../errors.ts';
import { issuesFromZod } from '../../web/errors.ts';
import { enteteCsv, versGeoJsonFeature, versJsonStandard, versLigneCsv } from '../lieux/lieux.serialisation.ts';
import type { LieuStandard } from '../lieux/standard/lieu.ts';
import { documentOpenApi, pageDocumentation, cspDocumentation } from './recherche.openapi.ts';
import type { FicheLieu } from './recherche.repository.ts';
import { CacheReponses, cleCanonique, correspond, etagIdentite, type FormeCompressee, type ReponseEnCache } from './cache-reponses.ts';
import { compresser, compresserFin, encodageAccepte, etagEncode, placePourAffiner, TAILLE_MIN_COMPRESSION, type Encodage } from './encodage.ts';
import { depuisParametres, FORMATS, schemaRecherche, type Requete, type RequeteRecherche } from './recherche.schema.ts';
import type { RechercheService, ResultatLieu } from './recherche.service.ts';

export interface DepsRoutesRecherche {
  recherche: RechercheService;
  config: { publicUrl: string; RECHERCHE_CACHE_MO?: number };
}

/** GET /api/v1/lieux (search), /api/v1/openapi.json, /api/docs. Open CORS on the whole API, no key. */
export function routesRecherche(app: Hono, deps: DepsRoutesRecherche): void {
  // The server builds its index at start rather than at the first visitor's search (failures are logged).
  deps.recherche.pret().catch(() => undefined);
  app.use('/api/*', corsOuvert);

  const cache = new CacheReponses((deps.config.RECHERCHE_CACHE_MO ?? 32) * 2 ** 20);

  // Raw query string (+ Accept) → its parsed form and canonical key: parsing is a pure function of the string,
  // and on a cache hit it was the largest cost left in the route. Only valid queries get here (errors throw).
  const analysees = new Map<string, Analyse>();

  app.get('/api/v1/lieux', (c) => {
    // A hit is answered without awaiting anything (two async frames fewer per request); only a miss is a promise.
    try {
      const reponse = lieux(c);
      return reponse instanceof Promise ? reponse.catch((e: unknown) => avecCors(c, e)) : reponse;
    } catch (e) {
      return avecCors(c, e);
    }
  });

  function lieux(c: Context): Response | Promise<Response> {
    const analyse = analyser(c);
    // Read before the search: a refresh during it gives a new version, and the answer is then not kept.
    const version = deps.recherche.version();
    const minute = minuteCourante(deps);
    // The key of the last generation this query string was seen in: the same for every hit of that minute.
    if (analyse.version !== version || analyse.minute !== minute) {
      analyse.cle = `${version}:${minute}|${analyse.canonique}`;
      analyse.version = version;
      analyse.minute = minute;
    }
    const encodage = encodageAccepte(c.req.header('accept-encoding'));
    const trouvee = cache.octetsMax > 0 ? cache.lire(analyse.cle) : undefined;
    if (trouvee) return repondre(c, trouvee, encodage, analyse.cle, true);
    return manquee(c, analyse, encodage, analyse.cle, version, minute);
  }

  function analyser(c: Context): Analyse {
    const url = c.req.url;
    const brute = `${c.req.header('accept') ?? ''}\n${url.slice(url.indexOf('?') + 1 || url.length)}`;
    let analyse = analysees.get(brute);
    if (analyse) return analyse;
    const requete = lireRequete(c);
    const format = requete.format ?? formatAccepte(c.req.header('accept'));
    const { format: _f, ...pourService } = requete;
    // Shared by every request with this string: frozen, so a service that wrote into it would fail loudly.
    for (const v of Object.values(pourService)) if (Array.isArray(v)) Object.freeze(v);
    analyse = { pourService: Object.freeze(pourService), format, canonique: cleCanonique(pourService, format), cle: '', version: -1, minute: -1 };
    if (analysees.size >= ANALYSES_GARDEES) analysees.clear();
    // Bounds this memory (≈ 10,000 × 2 KB at worst): longer strings are parsed every time.
    if (brute.length <= 2000) analysees.set(brute, analyse);
    return analyse;
  }

  async function manquee(c: Context, analyse: Analyse, encodage: Encodage | undefined, cle: string, version: number, minute: number): Promise<Response> {
    const reponse = await calculer(c, deps, analyse.pourService, analyse.format);
    // Compressed before it is kept, so that the cache counts these bytes with the rest of the entry.
    if (encodage) formeCompressee(reponse, encodage);
    if (cache.octetsMax > 0 && deps.recherche.version() === version && minuteCourante(deps) === minute) {
      cache.ecrire(cle, `${version}:${minute}`, reponse);
    }
    return repondre(c, reponse, encodage, cle, false);
  }

  function repondre(c: Context, reponse: ReponseEnCache, encodage: Encodage | undefined, cle: string, trouvee: boolean): Response {
    let corps = reponse.corps;
    let etag: string | undefined;
    let compression: Encodage | undefined;
    // The compressed form this entry already had for this encoding (made by an earlier request), if any.
    let avant: FormeCompressee | undefined;
    if (encodage) {
      avant = reponse.compressees[encodage];
      const forme = avant ?? formeCompressee(reponse, encodage);
      // A hit from a client with another encoding than the first ones: the new form is kept with the entry.
      if (!avant && forme && trouvee) cache.grandir(cle, reponse, forme.corps.length);
      if (forme) {
        corps = forme.corps;
        etag = forme.etag;
        compression = encodage;
      }
    }
    etag ??= etagIdentite(reponse);
    const statut = correspond(c.req.header('if-none-match'), etag) ? 304 : 200;
    const sortie = statut === 304 ? null : (corps as Buffer<ArrayBuffer>);
    // A form whose bytes go out again: this answer is popular, its later transfers get the finer one (not for a
    // 304 or a HEAD, which send no bytes).
    if (trouvee && avant && !avant.fine && statut === 200 && c.req.method === 'GET') affiner(cle, reponse, encodage!, avant);
    // With cookies, the session middleware may have prepared headers on the context (deleting a stale session
    // cookie): Hono's path keeps them. API clients send none.
    if (c.req.header('cookie') !== undefined) {
      for (const [nom, valeur] of Object.entries(entetesDe(reponse, compression, etag, trouvee, sortie))) c.header(nom, valeur);
      const res = sortie === null ? c.body(null, 304) : c.body(sortie, 200);
      // A shared cache ignores cookies: kept, this deletion would reach every signed-in visitor of the URL.
      if (res.headers.has('set-cookie')) res.headers.set('Cache-Control', 'private, max-age=60');
      return res;
    }
    // The headers of a 200 hit are the same for every hit of this representation: made once, kept with its bytes.
    let entetes = trouvee && sortie !== null ? entetesDesTrouvees.get(corps) : undefined;
    if (!entetes) {
      entetes = entetesDe(reponse, compression, etag, trouvee, sortie);
      if (trouvee && sortie !== null) entetesDesTrouvees.set(corps, entetes);
    }
    return new Response(sortie, { status: statut, headers: entetes });
  }

  /**
   * Redoes `forme` at the finer level on the thread pool; the result replaces it in the entry when it is still
   * the entry's form and is smaller. This request and those until then get the fast form; both forms carry the
   * same tag (etagEncode: the content's), so revalidations keep their 304 across the swap. Tried once per form,
   * a few at a time (placePourAffiner).
   */
  const affinees = new WeakSet<FormeCompressee>();
  function affiner(cle: string, reponse: ReponseEnCache, encodage: Encodage, forme: FormeCompressee): void {
    if (affinees.has(forme) || !placePourAffiner()) return;
    affinees.add(forme);
    compresserFin(reponse.corps, encodage).then(
      (corps) => {
        if (reponse.compressees[encodage] !== forme || corps.length >= forme.corps.length) return;
        reponse.compressees[encodage] = { corps, etag: forme.etag, fine: true };
        cache.grandir(cle, reponse, corps.length - forme.corps.length);
      },
      // Nothing is lost: the fast form stays, and is correct.
      () => undefined,
    );
  }

  app.get('/api/v1/openapi.json', (c) => c.json(documentOpenApi(deps.config.publicUrl)));
  app.get('/api/docs', (c) => {
    c.header('content-security-policy', cspDocumentation());
    return c.html(pageDocumentation(deps.config.publicUrl));
  });
}

const ANALYSES_GARDEES = 10_000;

interface Analyse {
  readonly pourService: Requete;
  readonly format: (typeof FORMATS)[number];
  readonly canonique: string;
  /** The cache key in the generation (index version, minute) where this query string was last seen. */
  cle: string;
  version: number;
  minute: number;
}

// Europe/Paris is a whole number of hours from UTC: its minutes are UTC's minutes.
function minuteCourante(deps: DepsRoutesRecherche): number {
  return Math.floor(deps.recherche.maintenant().getTime() / 60_000);
}

/** The search's errors (app.onError, c.json) take the CORS headers prepared on the context. */
function avecCors(c: Context, erreur: unknown): never {
  for (const [nom, valeur] of Object.entries(ENTETES_CORS)) c.header(nom, valeur);
  throw erreur;
}

/**
 * The answer's headers as a plain object, given to the Node adapter as is: set one by one with c.header(), they
 * went through a web Headers (each validated, then sorted and copied back into an object), ≈ 15 % of a cache
 * hit's CPU. The CORS headers are the route's own (corsOuvert leaves this path alone). Frozen: a 200 hit's object
 * is shared by every hit of its representation.
 */
function entetesDe(reponse: ReponseEnCache, compression: Encodage | undefined, etag: string, trouvee: boolean, sortie: Buffer | null): Readonly<Record<string, string>> {
  const entetes: Record<string, string> = { ...ENTETES_CORS };
  for (const [nom, valeur] of reponse.entetes) entetes[nom] = valeur;
  if (compression) entetes['Content-Encoding'] = compression;
  entetes['X-Cache'] = trouvee ? 'HIT' : 'MISS';
  entetes.ETag = etag;
  // A minute, like the cache: « ouvert maintenant » is true for that long at most.
  entetes['Cache-Control'] = 'public, max-age=60';
  // Without ?format=, Accept chooses the format; Accept-Encoding chooses the bytes (also on a small answer
  // sent as is: the same URL can give a large one after the next import).
  entetes.Vary = 'Accept, Accept-Encoding';
  // Known before sending: HEAD answers (Hono drops the body of the GET) then carry it too (RFC 9110 §9.3.2).
  if (sortie !== null) entetes['Content-Length'] = String(sortie.length);
  return Object.freeze(entetes);
}

/** Keyed by the bytes sent (the identity body or one compressed form): they go with their cache entry. */
const entetesDesTrouvees = new WeakMap<Buffer, Readonly<Record<string, string>>>();

/** The answer's form in this encoding, made and kept on first use; undefined when too small to compress. */
function formeCompressee(reponse: ReponseEnCache, encodage: Encodage): FormeCompressee | undefined {
  if (reponse.corps.length < TAILLE_MIN_COMPRESSION) return undefined;
  if (reponse.compressees[encodage]) return reponse.compressees[encodage];
  const corps = compresser(reponse.corps, encodage);
  return (reponse.compressees[encodage] = { corps, etag: etagEncode(etagIdentite(reponse), encodage) });
}

/** The answer, computed: bytes and headers, whatever the format. Errors are thrown (and so never cached). */
async function calculer(c: Context, deps: DepsRoutesRecherche, pourService: Requete, format: (typeof FORMATS)[number]): Promise<ReponseEnCache> {
  const res = await deps.recherche.rechercher(pourService);
  const fiches = await deps.recherche.fiches(res.resultats.map((r) => r.uid));
  const parUid = new Map(res.resultats.map((r) => [r.uid, r]));
  const suivant = res.curseurSuivant ? lienSuivant(c, deps.config.publicUrl, res.curseurSuivant) : undefined;
  const entetes: [string, string][] = [['X-Total-Count', String(res.total)]];
  if (suivant) entetes.push(['Link', `<${suivant}>; rel="next"`]);
  let corps: Buffer;
  if (format === 'csv') {
    entetes.push(['Content-Type', 'text/csv; charset=utf-8']);
    const jour = aujourdhui();
    corps = Buffer.from(enteteCsv() + fiches.map((f) => enCache(f, jour).csv ??= versLigneCsv(f as unknown as LieuStandard)).join(''));
  } else if (format === 'geojson') {
    entetes.push(['Content-Type', 'application/geo+json; charset=utf-8']);
    corps = Buffer.from(
      JSON.stringify({
        type: 'FeatureCollection',
        total: res.total,
        ...(res.curseurSuivant ? { curseur_suivant: res.curseurSuivant, suivant } : {}),
        features: fiches.map((f) => {
          const feature = versGeoJsonFeature(f as never);
          return { ...feature, properties: { ...feature.properties, recherche: infos(parUid.get(f.uid)!) } };
        }),
      }),
    );
  } else {
    // Each place's JSON is serialised once per day (its freshness depends on the date) and kept as UTF-8 bytes:
    // the body of a page is mostly these 20 records, and encoding a 37 KB string (twice: its byte length, then
    // the socket write) was the largest single cost of the route; copying bytes is a memcpy.
    const entete = JSON.stringify({ total: res.total, tri: res.tri, ...(res.origine ? { origine: res.origine } : {}), ...(res.curseurSuivant ? { curseur_suivant: res.curseurSuivant, suivant } : {}) });
    const jour = aujourdhui();
    const morceaux: (string | Buffer)[] = [`${entete.slice(0, -1)},"lieux":[`];
    fiches.forEach((f, i) => {
      morceaux.push(`${i > 0 ? ',' : ''}{"recherche":${JSON.stringify(infos(parUid.get(f.uid)!))},`);
      // The record without its opening brace: it continues the object opened above.
      morceaux.push((enCache(f, jour).json ??= Buffer.from(JSON.stringify(versJsonStandard(f as never)).slice(1))));
    });
    morceaux.push(`],"facettes":${JSON.stringify(res.facettes)}}`);
    entetes.push(['Content-Type', 'application/json; charset=utf-8']);
    corps = assembler(morceaux);
  }
  return { corps, entetes, compressees: {} };
}

/**
 * Open CORS, the headers hono/cors gives with origin '*' (GET, HEAD, OPTIONS; Link, X-Total-Count and ETag exposed;
 * preflight cached a day), but set with c.header(): hono/cors writes them on c.res before the route runs, and
 * Hono then rebuilds the route's answer as a web Response, encoding a 37 KB page into a stream — 15 % of the
 * server's time per search.
 */
const ENTETES_CORS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Link,X-Total-Count,ETag' } as const;
// The search route sets these itself, on its answers and on its errors (see the route): passed straight on, without
// an async frame. Only GET (and HEAD) reach it: another method gets the 404 below, which needs these like any other.
const corsOuvert: MiddlewareHandler = (c, next) =>
  c.req.path === '/api/v1/lieux' && (c.req.method === 'GET' || c.req.method === 'HEAD') ? next() : corsEntetes(c, next);
const corsEntetes: MiddlewareHandler = async (c, next) => {
  for (const [nom, valeur] of Object.entries(ENTETES_CORS)) c.header(nom, valeur);
  if (c.req.method === 'OPTIONS') {
    c.header('Access-Control-Max-Age', '86400');
    c.header('Access-Control-Allow-Methods', 'GET,HEAD,OPTIONS');
    const demandes = c.req.header('Access-Control-Request-Headers');
    if (demandes) {
      c.header('Access-Control-Allow-Headers', demandes.split(',').map((h) => h.trim()).join(','));
      c.header('Vary', 'Access-Control-Request-Headers', { append: true });
    }
    return c.body(null, 204);
  }
  await next();
};

/** The query string, validated; every mistake becomes one 400 with French messages listing allowed values. */
function lireRequete(c: Context): RequeteRecherche {
  let brut: Record<string, string[]>;
  try {
    brut = c.req.queries();
  } catch {
    throw new AppError('requete_invalide', 'La requête contient un encodage invalide (pourcentages mal formés).');
  }
  const { objet, repetes } = depuisParametres(brut);
  if (repetes.length > 0) {
    const message = `Paramètre donné plusieurs fois : ${repetes.map((r) => `« ${r.slice(0, 60)} »`).join(', ')}. Seuls les filtres par valeurs (services, publics…) peuvent être répétés.`;
    throw new AppError('requete_invalide', message, repetes.map((r) => ({ key: 'repeated', field: r.slice(0, 60), message })));
  }
  const parse = schemaRecherche.safeParse(objet);
  if (!parse.success) {
    const details = issuesFromZod(parse.error);
    throw new AppError('requete_invalide', details.map((d) => d.message).join(' '), details);
  }
  return parse.data;
}

// Keyed by the cached row object itself: when the search service replaces or drops a row, its entry goes too.
const serialisations = new WeakMap<FicheLieu, { jour: string; json?: Buffer; csv?: string }>();
function enCache(f: FicheLieu, jour: string): { jour: string; json?: Buffer; csv?: string } {
  let e = serialisations.get(f);
  if (!e || e.jour !== jour) {
    e = { jour };
    serialisations.set(f, e);
  }
  return e;
}

function aujourdhui(): string {
  return new Date().toISOString().slice(0, 10);
}

/** One buffer from strings (UTF-8) and byte chunks, allocated once. */
function assembler(morceaux: readonly (string | Buffer)[]): Buffer<ArrayBuffer> {
  let taille = 0;
  for (const m of morceaux) taille += typeof m === 'string' ? Buffer.byteLength(m) : m.length;
  const sortie = Buffer.allocUnsafe(taille);
  let i = 0;
  for (const m of morceaux) i += typeof m === 'string' ? sortie.write(m, i) : m.copy(sortie, i);
  return sortie;
}

function formatAccepte(accept: string | undefined): (typeof FORMATS)[number] {
  if (!accept) return 'json';
  if (accept.includes('application/geo+json')) return 'geojson';
  if (accept.includes('text/csv')) return 'csv';
  return 'json';
}

function lienSuivant(c: Context, publicUrl: string, curseur: string): string {
  // The query alone (parsing the whole URL cost twice as much, ≈ 3.8 against 1.7 µs per computed answer).
  const url = c.req.url;
  const debut = url.indexOf('?');
  const parametres = new URLSearchParams(debut < 0 ? '' : url.slice(debut + 1));
  parametres.set('curseur', curseur);
  return `${publicUrl}${c.req.path}?${parametres.toString()}`;
}

function infos(r: ResultatLieu): Record<string, unknown> {
  return {
    ...(r.distanceKm !== undefined ? { distance_km: r.distanceKm } : {}),
    ...(r.score !== undefined ? { score: r.score } : {}),
    ouvert_maintenant: r.ouvertMaintenant,
    ...(r.prochaineOuverture ? { prochaine_ouverture: r.prochaineOuverture } : {}),
  };
}

export type { FicheLieu };
