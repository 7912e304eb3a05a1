/**
 * The hand-labelled set: the Charente 2023 file (data/lieux-reels/charente-2023-v1.json, five producers in one
 * file) read through the standard, each row becoming a LieuSource whose source is its `source` column.
 */
import { readFileSync } from 'node:fs';
import { uidLieu } from '../../lieux/lieux.ts';
import { detecterFormat, validerLieu, versStandardV1 } from '../../lieux/standard/index.ts';
import type { LieuSource } from '../dedupe/types.ts';

export const FICHIER_CHARENTE = new URL('../../../../data/lieux-reels/charente-2023-v1.json', import.meta.url);
const AUJOURDHUI = new Date('2026-11-24T12:00:00Z');

export function chargerCharente(): LieuSource[] {
  const brutes = JSON.parse(readFileSync(FICHIER_CHARENTE, 'utf8')) as Record<string, unknown>[];
  const format = detecterFormat([...new Set(brutes.flatMap((r) => Object.keys(r)))]);
  const lieux: LieuSource[] = [];
  brutes.forEach((brut, i) => {
    const v = validerLieu(versStandardV1(format, brut, i + 1).champs, i + 1, { aujourdhui: AUJOURDHUI });
    if (!v.lieu) return;
    const source = String(brut['source'] ?? 'inconnue');
    lieux.push({ ...v.lieu, uid: uidLieu(source, v.lieu.id), source_cle: source });
  });
  return lieux;
}
