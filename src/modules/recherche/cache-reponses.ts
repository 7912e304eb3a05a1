import { hash } from 'node:crypto';
import type { Encodage } from './encodage.ts';

/**
 * Finished answers of GET /api/v1/lieux (bytes + headers), for the public API's very repetitive traffic:
 * people look up their own commune, and a few thousand queries make most of the requests.
 *
 * Correctness comes from the key, not from invalidation: it holds the index version (any build or refresh
 * that changed a place gives a new one) and the minute (every answer says whether each place is open now),
 * so an entry can only be found while it is exactly what a fresh computation would give. Entries of an older
 * version or minute can never be read again: the first write of a new generation empties the cache.
 */

export interface ReponseEnCache {
  readonly corps: Buffer;
  /** Headers of the answer other than the cache's own (Content-Type, X-Total-Count, Link). */
  readonly entetes: readonly (readonly [string, string])[];
  /**
   * Strong validator of the identity bytes: their hash, so it survives a minute or version change when nothing
   * moved. Made when first needed (`etagIdentite`), once per computed answer (≈ 15–20 µs for 35 KB); the
   * compressed forms' weak tags are made from it (encodage.ts, etagEncode).
   */
  etag?: string;
  /**
   * Compressed forms, each made by the first request that accepts it and then kept with the entry (a hit
   * costs no compression); the cache counts their bytes (`grandir`).
   */
  readonly compressees: { [E in Encodage]?: FormeCompressee };
}

export interface FormeCompressee {
  readonly corps: Buffer;
  /** The identity body's tag with the encoding's suffix, weak (`W/"…-br"`): another representation, another tag. */
  readonly etag: string;
  /** Made at the finer level (encodage.ts, compresserFin), once the answer was read again. */
  readonly fine?: boolean;
}

export class CacheReponses {
  readonly octetsMax: number;
  #entrees = new Map<string, { reponse: ReponseEnCache; octets: number }>();
  #octets = 0;
  #generation: string | undefined;

  constructor(octetsMax: number) {
    this.octetsMax = octetsMax;
  }

  get octets(): number {
    return this.#octets;
  }

  get taille(): number {
    return this.#entrees.size;
  }

  lire(cle: string): ReponseEnCache | undefined {
    const e = this.#entrees.get(cle);
    if (!e) return undefined;
    // Map keeps insertion order: moving a read entry to the end makes the first one the least recently used.
    this.#entrees.delete(cle);
    this.#entrees.set(cle, e);
    return e.reponse;
  }

  /** `generation` is the version + minute part of the key: a new one makes every older entry unreachable. */
  ecrire(cle: string, generation: string, reponse: ReponseEnCache): void {
    if (generation !== this.#generation) {
      this.vider();
      this.#generation = generation;
    }
    let octets = reponse.corps.length + 2 * cle.length + reponse.entetes.reduce((s, [n, v]) => s + 2 * (n.length + v.length), 0) + SURCOUT_ENTREE;
    for (const f of Object.values(reponse.compressees)) octets += f.corps.length;
    // One huge CSV page must not push out hundreds of ordinary answers.
    if (octets > this.octetsMax / 8) return;
    const ancienne = this.#entrees.get(cle);
    if (ancienne) {
      this.#entrees.delete(cle);
      this.#octets -= ancienne.octets;
    }
    this.#entrees.set(cle, { reponse, octets });
    this.#octets += octets;
    this.#chasser();
  }

  /** `octets` more (or fewer) for the entry `cle` holds `reponse` (a compressed form added or redone); else nothing. */
  grandir(cle: string, reponse: ReponseEnCache, octets: number): void {
    const e = this.#entrees.get(cle);
    if (e?.reponse !== reponse) return;
    e.octets += octets;
    this.#octets += octets;
    this.#chasser();
  }

  #chasser(): void {
    for (const [k, e] of this.#entrees) {
      if (this.#octets <= this.octetsMax) break;
      this.#entrees.delete(k);
      this.#octets -= e.octets;
    }
  }

  vider(): void {
    this.#entrees.clear();
    this.#octets = 0;
  }
}

/** Map entry, key string header, arrays and the Buffer object: an estimate, so the bound covers more than bodies. */
const SURCOUT_ENTREE = 300;

/**
 * The parsed query in a stable order: `?a=1&b=2` and `?b=2&a=1` (or `services=x|y` and `services=y|x`, which
 * are ORed) give the same key. Values are the schema's output (trimmed text, numbers, booleans), so `limite=20`
 * and `limite=20.0` also meet.
 */
export function cleCanonique(requete: Readonly<Record<string, unknown>>, format: string): string {
  const parties: string[] = [format];
  for (const nom of Object.keys(requete).sort()) {
    const v = requete[nom];
    if (v === undefined) continue;
    parties.push(`${nom}=${JSON.stringify(Array.isArray(v) ? [...new Set(v as unknown[])].sort() : v)}`);
  }
  return parties.join('&');
}

export function etagIdentite(reponse: ReponseEnCache): string {
  return (reponse.etag ??= etagDe(reponse.corps));
}

export function etagDe(corps: Buffer): string {
  // sha1 of ≈ 20 KB: ≈ 15 µs once per computed answer; only equality matters here, not collision resistance.
  return `"${hash('sha1', corps, 'base64url')}"`;
}

/** If-None-Match (RFC 9110 §13.1.2): `*` or a list of tags, compared weakly (a W/ prefix is ignored). */
export function correspond(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const sansW = (t: string) => (t.startsWith('W/') ? t.slice(2) : t);
  const notre = sansW(etag);
  for (const brut of ifNoneMatch.split(',')) if (sansW(brut.trim()) === notre) return true;
  return false;
}
