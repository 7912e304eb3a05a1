import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing with argon2id from Node's own crypto (Node ≥ 24.7): no native add-on to build or audit.
 * OWASP Password Storage Cheat Sheet, first argon2id line: m = 19 MiB, t = 2, p = 1.
 * Stored in the PHC string format so the parameters can be raised later and old hashes still verify.
 * docs/decisions/003-argon2id-node-crypto.md
 */
export const PARAMETRES = { memoire: 19_456, passes: 2, parallelisme: 1, longueur: 32, sel: 16 } as const;

interface Parametres {
  memoire: number;
  passes: number;
  parallelisme: number;
  longueur: number;
}

function calculer(motDePasse: string, sel: Buffer, p: Parametres): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    argon2('argon2id', { message: motDePasse, nonce: sel, parallelism: p.parallelisme, tagLength: p.longueur, memory: p.memoire, passes: p.passes }, (err, cle) => (err ? reject(err) : resolve(cle)));
  });
}

const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');

export async function hacherMotDePasse(motDePasse: string): Promise<string> {
  const sel = randomBytes(PARAMETRES.sel);
  const cle = await calculer(motDePasse, sel, PARAMETRES);
  return `$argon2id$v=19$m=${PARAMETRES.memoire},t=${PARAMETRES.passes},p=${PARAMETRES.parallelisme}$${b64(sel)}$${b64(cle)}`;
}

const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** Constant-time comparison of the recomputed tag; a malformed stored hash never matches. */
export async function verifierMotDePasse(motDePasse: string, stocke: string): Promise<boolean> {
  const m = PHC.exec(stocke);
  if (!m) return false;
  const attendu = Buffer.from(m[5]!, 'base64');
  const p = { memoire: Number(m[1]), passes: Number(m[2]), parallelisme: Number(m[3]), longueur: attendu.length };
  if (p.longueur < 16 || p.memoire > 1_048_576 || p.passes > 20 || p.parallelisme > 16) return false;
  const calcule = await calculer(motDePasse, Buffer.from(m[4]!, 'base64'), p);
  return timingSafeEqual(calcule, attendu);
}

/** Parameters of a stored hash are weaker than today's: re-hash on the next successful sign-in. */
export function aRehacher(stocke: string): boolean {
  const m = PHC.exec(stocke);
  return !m || Number(m[1]) < PARAMETRES.memoire || Number(m[2]) < PARAMETRES.passes;
}

/**
 * A hash of a random password, computed once: unknown e-mails are checked against it so that « no such
 * account » costs the same time as « wrong password » (no account enumeration by timing).
 */
let leurre: Promise<string> | undefined;
export function hashLeurre(): Promise<string> {
  leurre ??= hacherMotDePasse(randomBytes(16).toString('hex'));
  return leurre;
}
