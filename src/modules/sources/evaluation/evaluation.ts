/**
 * The two quality figures the issue asks for, computed the same way by the tests and by the benchmark:
 * the synthetic set (generateur.ts) and the hand-labelled Charente pairs (test/fixtures/sources/charente-paires.json).
 */
import { readFileSync } from 'node:fs';
import type { CommuneDemo } from '../../lieux/demo/demo.generateur.ts';
import { dedoublonner } from '../dedupe/dedoublonner.ts';
import { chargerCharente } from './charente.ts';
import { genererJeuSynthetique } from './generateur.ts';
import { mesurer, pairesVraies, type Metriques } from './metriques.ts';

export const CIBLES = { precision: 0.98, rappel: 0.95 } as const;
export const FICHIER_PAIRES_CHARENTE = new URL('../../../../test/fixtures/sources/charente-paires.json', import.meta.url);

export interface PaireEtiquetee {
  a: string;
  b: string;
  verdict: 'meme' | 'different' | 'incertain';
  raison: string;
}

export function lirePairesCharente(): PaireEtiquetee[] {
  return (JSON.parse(readFileSync(FICHIER_PAIRES_CHARENTE, 'utf8')) as { paires: PaireEtiquetee[] }).paires;
}

export function evaluerSynthetique(communes: readonly CommuneDemo[], total: number, graine: number): Metriques & { lieux: number; lieuxVrais: number } {
  const jeu = genererJeuSynthetique({ total, graine }, communes);
  const r = dedoublonner(jeu.lieux);
  const m = mesurer(r.groupes.map((g) => g.uids), pairesVraies(jeu.lieux.map((l) => l.uid), jeu.verite));
  return { ...m, lieux: jeu.lieux.length, lieuxVrais: jeu.lieuxVrais };
}

/** Every pair of the file not labelled 'meme' counts as different; 'incertain' pairs are left out. */
export function evaluerCharente(): Metriques & { lieux: number; incertaines: number } {
  const lieux = chargerCharente();
  const uidParId = new Map(lieux.map((l) => [l.id, l.uid]));
  const paires = lirePairesCharente();
  const uid = (id: string) => {
    const u = uidParId.get(id);
    if (!u) throw new Error(`paire étiquetée inconnue dans le fichier : ${id}`);
    return u;
  };
  const memes = paires.filter((p) => p.verdict === 'meme').map((p) => [uid(p.a), uid(p.b)] as const);
  const incertaines = paires.filter((p) => p.verdict === 'incertain').map((p) => [uid(p.a), uid(p.b)] as const);
  const r = dedoublonner(lieux);
  return { ...mesurer(r.groupes.map((g) => g.uids), memes, incertaines), lieux: lieux.length, incertaines: incertaines.length };
}
