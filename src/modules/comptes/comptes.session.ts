import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { AppError } from '../../errors.ts';
import type { Acteur } from './autorisations.ts';
import type { ComptesService, SessionOuverte } from './comptes.service.ts';

declare module 'hono' {
  interface ContextVariableMap {
    /** The signed-in person, or null. Loaded from the session cookie, never from anything else the client sends. */
    acteur: Acteur | null;
  }
}

/** `__Host-` forbids Domain and requires Secure and Path=/: a sibling subdomain cannot plant or read it. */
export const nomCookieSession = (securise: boolean) => (securise ? '__Host-maillage' : 'maillage_session');

export function sessionMiddleware(comptes: ComptesService, securise: boolean): MiddlewareHandler {
  const nom = nomCookieSession(securise);
  return async (c, next) => {
    c.set('acteur', null);
    c.set('sessionId', null);
    // Static files are the same for everyone: no database round trip for each of them.
    const jeton = c.req.path.startsWith('/static/') ? undefined : getCookie(c, nom);
    if (jeton) {
      const s = await comptes.session(jeton);
      if (s) {
        c.set('acteur', s.acteur);
        c.set('sessionId', s.idSession);
      } else {
        deleteCookie(c, nom, { path: '/', secure: securise });
      }
    }
    await next();
    // A signed-in person's pages are theirs (and carry their CSRF token): no shared cache may keep them.
    if (c.get('acteur') && (c.res.headers.get('content-type') ?? '').startsWith('text/html')) c.res.headers.set('cache-control', 'private, no-store');
  };
}

export function poserCookieSession(c: Context, s: SessionOuverte, securise: boolean): void {
  setCookie(c, nomCookieSession(securise), s.jeton, { path: '/', httpOnly: true, sameSite: 'Lax', secure: securise, expires: s.expire_le });
}

export function retirerCookieSession(c: Context, securise: boolean): void {
  deleteCookie(c, nomCookieSession(securise), { path: '/', secure: securise });
}

export function jetonSession(c: Context, securise: boolean): string | undefined {
  return getCookie(c, nomCookieSession(securise));
}

export function acteurRequis(c: Context): Acteur {
  const a = c.get('acteur');
  if (!a) throw new AppError('non_authentifie');
  return a;
}
