import { randomBytes } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono, MiddlewareHandler, Next } from 'hono';
import type { Config } from '../../config.ts';
import { AppError } from '../../errors.ts';
import { Seaux } from '../../lib/seaux.ts';
import { csrf } from '../../web/csrf.ts';
import type { Comptes } from './comptes.deps.ts';
import { sessionMiddleware } from './comptes.session.ts';

/** https public URL → Secure cookies with the __Host- prefix, and HSTS. */
export const estSecurise = (config: Config) => config.publicUrl.startsWith('https://');

/**
 * The client address for rate limits: the socket's, or behind a trusted proxy the last X-Forwarded-For entry
 * (the one the proxy appended; earlier ones are whatever the client wrote). In-process requests (tests'
 * app.request) have neither and are not limited.
 */
export function adresseClient(c: Context, config: Config): string | undefined {
  if (config.TRUST_PROXY === 'oui') {
    const xff = c.req.header('x-forwarded-for');
    if (xff) return xff.split(',').at(-1)!.trim() || undefined;
  }
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

async function plancherHtml(next: Next, c: Context): Promise<void> {
  await next();
  const h = c.res.headers;
  if (!(h.get('content-type') ?? '').startsWith('text/html') || h.has('content-security-policy')) return;
  h.set('content-security-policy', "frame-ancestors 'none'");
  h.set('x-frame-options', 'DENY');
  h.set('x-content-type-options', 'nosniff');
}

/** 429 with Retry-After, through the error catalogue. */
export function limiter(seaux: Seaux, cle: string | undefined, c: Context): void {
  if (!cle) return;
  const attente = seaux.prendre(cle);
  if (attente) {
    c.header('retry-after', String(attente));
    throw new AppError('trop_de_requetes', `Trop de tentatives : réessayez dans ${attente} seconde${attente > 1 ? 's' : ''}.`);
  }
}

/** Public API: 20 requests per second per address, bursts of 200 (a page of results fetches a few). */
export const LIMITE_API = { capacite: 200, parSeconde: 20 } as const;

/**
 * Registered first in createApp, before every route: the session (who is acting), CSRF on every
 * state-changing request, and the public API's rate limit.
 */
export function comptesMiddlewares(app: Hono, deps: { config: Config; comptes: Comptes }): void {
  const { config } = deps;
  // Production without MAILLAGE_SECRET is refused by loadConfig; elsewhere a per-process secret will do.
  const secret = config.MAILLAGE_SECRET ? Buffer.from(config.MAILLAGE_SECRET) : randomBytes(32);
  const securise = estSecurise(config);
  const api = new Seaux(LIMITE_API.capacite, LIMITE_API.parSeconde);
  // Not async: what it passes on is next()'s own promise, one async frame fewer on every API request (a sync throw
  // reaches app.onError like a rejection).
  const limiteApi: MiddlewareHandler = (c, next) => {
    try {
      limiter(api, adresseClient(c, config), c);
    } catch (erreur) {
      // This runs before the API's CORS: without these a browser script could not read its 429 nor when to retry.
      c.header('Access-Control-Allow-Origin', '*');
      c.header('Access-Control-Expose-Headers', 'Retry-After');
      throw erreur;
    }
    return next();
  };
  app.use('/api/*', limiteApi);
  // Floor for HTML answered by routes registered before the site's securityHeaders (e.g. /api/docs): never
  // framed, never sniffed. The full CSP stays the site's (src/web/security.ts), which overrides these.
  // The JSON API never answers HTML (its errors neither, web/errors.ts): passed straight on, without an async
  // frame, and without reading c.res.headers (that would rebuild a web Headers from the search route's plain ones).
  app.use('*', (c, next) => (c.req.path.startsWith('/api/v1/') ? next() : plancherHtml(next, c)));
  app.use('*', sessionMiddleware(deps.comptes.comptes, securise));
  app.use('*', csrf({ secret, securise }));
  if (securise) {
    app.use('*', async (c, next) => {
      await next();
      c.res.headers.set('strict-transport-security', 'max-age=63072000; includeSubDomains');
    });
  }
}
