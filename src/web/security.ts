import type { MiddlewareHandler } from 'hono';

/**
 * Security headers for HTML pages. The CSP forbids inline scripts and inline styles: every script and style
 * is a file under /static, so an escaped-but-somehow-injected fragment still could not run.
 * The map (MapLibre) needs: its style and tiles from other origins (connect-src/img-src https:), a module
 * worker from our origin, and blob: images it builds itself.
 */
export function securityHeaders(mapStyleUrl: string): MiddlewareHandler {
  const carte = new URL(mapStyleUrl).origin;
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob: https:",
    "font-src 'self'",
    `connect-src 'self' ${carte} https:`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    if (!(h.get('content-type') ?? '').startsWith('text/html')) return;
    h.set('content-security-policy', csp);
    h.set('x-content-type-options', 'nosniff');
    if (!h.has('referrer-policy')) h.set('referrer-policy', 'strict-origin-when-cross-origin');
    // No page of ours is meant to be framed (clickjacking of the account and management forms).
    h.set('x-frame-options', 'DENY');
    h.set('permissions-policy', 'geolocation=(self), camera=(), microphone=()');
    h.set('cross-origin-opener-policy', 'same-origin');
  };
}
