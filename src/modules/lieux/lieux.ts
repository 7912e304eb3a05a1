import { hash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { LieuxTable } from './lieux.tables.ts';

/** A place as stored: the 32 standard fields plus Maillage's own columns. */
export type LieuEnregistre = Selectable<LieuxTable>;

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * Maillage's id for a record: 'l' + 15 base32 characters of sha256(source, id). Derived, never drawn, so the
 * same record gets the same uid in every database and across re-imports (links and exports stay stable).
 * 75 bits: a collision needs ~10^11 records.
 */
export function uidLieu(sourceCle: string, id: string): string {
  // The hash as hex text, read 4 bits at a time (the same bit stream as its bytes): a Buffer per record, each with
  // its own backing store, cost more to allocate and collect than the hash itself (≈ 8 µs a row in an import).
  const hex = hash('sha256', `${sourceCle}\u0000${id}`, 'hex');
  let bits = 0;
  let valeur = 0;
  let sortie = 'l';
  for (let i = 0; sortie.length < 16; i++) {
    valeur = (valeur << 4) | parseInt(hex[i]!, 16);
    bits += 4;
    if (bits >= 5) {
      sortie += BASE32[(valeur >>> (bits - 5)) & 31];
      bits -= 5;
      valeur &= (1 << bits) - 1;
    }
  }
  return sortie;
}

export type Fraicheur = 'a_jour' | 'a_verifier' | 'a_actualiser';

/**
 * How much to trust a record's date: up to date under 12 months, "to check" from 12 months, "to refresh"
 * from 18 months (the thresholds the field uses for its own campaigns). Calendar months, so 2024-01-31 is
 * 12 months old on 2025-01-31.
 */
export function fraicheur(dateMaj: string, maintenant: Date = new Date()): Fraicheur {
  const [a, m, j] = dateMaj.split('-').map(Number) as [number, number, number];
  const mois = (maintenant.getUTCFullYear() - a) * 12 + (maintenant.getUTCMonth() + 1 - m) - (maintenant.getUTCDate() < j ? 1 : 0);
  if (mois >= 18) return 'a_actualiser';
  if (mois >= 12) return 'a_verifier';
  return 'a_jour';
}
