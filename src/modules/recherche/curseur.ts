import type { Curseur, Tri } from './recherche.moteur.ts';

/**
 * Opaque cursor: base64url of [tri, key, uid]. A page starts strictly after (key, uid) in the sort order, so
 * places inserted or removed elsewhere never shift the next page (no duplicates, no skipped place).
 */
export function encoderCurseur(c: Curseur, tri: Tri): string {
  return Buffer.from(JSON.stringify([tri, c.cle, c.uid]), 'utf8').toString('base64url');
}

/** undefined when the cursor is malformed or belongs to another sort order. */
export function decoderCurseur(texte: string, tri: Tri): Curseur | undefined {
  if (!/^[A-Za-z0-9_-]{1,600}$/.test(texte)) return undefined;
  let valeur: unknown;
  try {
    valeur = JSON.parse(Buffer.from(texte, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(valeur) || valeur.length !== 3 || valeur[0] !== tri || typeof valeur[2] !== 'string') return undefined;
  const cle: unknown = valeur[1];
  if (tri === 'nom' ? typeof cle !== 'string' : typeof cle !== 'number' || !Number.isFinite(cle)) return undefined;
  return { cle: cle as number | string, uid: valeur[2] };
}
