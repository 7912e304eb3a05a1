import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import { AppError } from '../errors.ts';
import { h, type Html } from './layout.ts';

declare module 'hono' {
  interface ContextVariableMap {
    /** sha256 of the session token when signed in (set by the accounts' session middleware), else null. */
    sessionId: string | null;
    /** The CSRF token for forms of this response (creates the visitor's CSRF cookie on first use). */
    jetonCsrf: () => string;
  }
}

const ECHEC = 'Ce formulaire a expiré ou ne vient pas de ce site : rechargez la page et recommencez.';
const NON_SURS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF protection for every state-changing request (docs/comptes.md, « CSRF »):
 * - signed in: a synchronizer token HMAC(secret, session id) — it dies with the session (and its rotation);
 * - anonymous forms (sign-in, sign-up, « signaler »): a signed double-submit token HMAC(secret, random cookie).
 * The token travels in the `_csrf` form field or the `x-csrf-token` header. SameSite=Lax cookies are the first
 * wall; this is the second, which also holds for old browsers and same-site subdomains.
 */
export function csrf(o: { secret: Buffer; securise: boolean }): MiddlewareHandler {
  const nomCookie = o.securise ? '__Host-maillage-csrf' : 'maillage_csrf';
  const signer = (lien: string) => createHmac('sha256', o.secret).update(lien).digest('base64url');
  const attendu = (c: Context, aleatoire: string | undefined) => {
    const session = c.get('sessionId');
    if (session) return signer(`s:${session}`);
    return aleatoire ? signer(`a:${aleatoire}`) : undefined;
  };

  const trop = () => {
    throw new AppError('trop_volumineux');
  };
  const limiteFormulaire = bodyLimit({ maxSize: 1024 * 1024, onError: trop });
  const limiteMultipart = bodyLimit({ maxSize: 64 * 1024 * 1024, onError: trop });

  return async (c, next) => {
    const aleatoire = getCookie(c, nomCookie);
    if (NON_SURS.has(c.req.method)) {
      const type = c.req.header('content-type') ?? '';
      let recu = c.req.header('x-csrf-token');
      const multipart = type.startsWith('multipart/form-data');
      if (!recu && (multipart || type.startsWith('application/x-www-form-urlencoded'))) {
        // Bounded first, then read from a clone: the route's own body limit and parser still see an unread body.
        await (multipart ? limiteMultipart : limiteFormulaire)(c, async () => {});
        const champ = (await c.req.raw.clone().formData()).get('_csrf');
        recu = typeof champ === 'string' ? champ : undefined;
      }
      const bon = attendu(c, aleatoire);
      if (!recu || !bon || recu.length !== bon.length || !timingSafeEqual(Buffer.from(recu), Buffer.from(bon))) {
        throw new AppError('interdit', ECHEC);
      }
    }
    let cookie = aleatoire;
    c.set('jetonCsrf', () => {
      if (!c.get('sessionId') && !cookie) {
        cookie = randomBytes(32).toString('base64url');
        setCookie(c, nomCookie, cookie, { path: '/', httpOnly: true, sameSite: 'Lax', secure: o.securise });
      }
      // The page now holds this visitor's token: a shared cache must not hand it to someone else.
      c.header('cache-control', 'private, no-store');
      return attendu(c, cookie)!;
    });
    await next();
  };
}

/** The hidden field every POST form carries (exported for every module's templates). */
export function champCsrf(c: Context): Html {
  const jeton = c.get('jetonCsrf');
  if (!jeton) throw new Error('middleware csrf absent : enregistré dans createApp avant les pages');
  return h`<input type="hidden" name="_csrf" value="${jeton()}">`;
}
