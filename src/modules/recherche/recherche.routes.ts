import type { Context, Hono, MiddlewareHandler } from 'hono';
import { AppError } from '../../errors.ts';
import { issuesFromZod } from '../../web/errors.ts';
import { documentOpenApi, pageDocumentation, cspDocumentation } from './recherche.openapi.ts';
import type { FicheLieu } from './recherche.repository.ts';
import { CacheReponses, cleCanonique, correspond, etagIdentite, type FormeCompressee, type ReponseEnCache } from './cache-reponses.ts';
import { compresser, compresserFin, encodageAccepte, etagEncode, placePourAffiner, TAILLE_MIN_COMPRESSION, type Encodage } from './encodage.ts';
import { depuisParametres, FORMATS, schemaRecherche, type Requete, type RequeteRecherche } from './recherche.schema.ts';
import type { RechercheService } from './recherche.service.ts';
import { calculer } from './recherche.calcul.ts';

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
  // The headers of 200 hits, keyed by the bytes sent (the identity body or one compressed form): they go with
  // their cache entry.
  const entetesDesTrouvees = new WeakMap<Buffer, Readonly<Record<string, string>>>();

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
    const reponse = await calculer(c, deps.recherche, deps.config.publicUrl, analyse.pourService, analyse.format);
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


/** The answer's form in this encoding, made and kept on first use; undefined when too small to compress. */
function formeCompressee(reponse: ReponseEnCache, encodage: Encodage): FormeCompressee | undefined {
  if (reponse.corps.length < TAILLE_MIN_COMPRESSION) return undefined;
  if (reponse.compressees[encodage]) return reponse.compressees[encodage];
  const corps = compresser(reponse.corps, encodage);
  return (reponse.compressees[encodage] = { corps, etag: etagEncode(etagIdentite(reponse), encodage) });
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

function formatAccepte(accept: string | undefined): (typeof FORMATS)[number] {
  if (!accept) return 'json';
  if (accept.includes('application/geo+json')) return 'geojson';
  if (accept.includes('text/csv')) return 'csv';
  return 'json';
}

export type { FicheLieu };
