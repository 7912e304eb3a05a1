import { createHash, randomBytes } from 'node:crypto';

/** A 256-bit random secret, URL-safe; only its sha256 is stored, so a database leak opens nothing. */
export function nouveauJeton(): { jeton: string; hash: string } {
  const jeton = randomBytes(32).toString('base64url');
  return { jeton, hash: hacherJeton(jeton) };
}

export function hacherJeton(jeton: string): string {
  return createHash('sha256').update(jeton).digest('hex');
}

/** Cheap shape check before touching the database (43 base64url characters for 32 bytes). */
export function jetonBienForme(jeton: unknown): jeton is string {
  return typeof jeton === 'string' && /^[A-Za-z0-9_-]{43}$/.test(jeton);
}
