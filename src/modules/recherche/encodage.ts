import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';

/**
 * Content-Encoding of the search API's answers. A full page is ≈ 37 KB of JSON; brotli brings it to ≈ 6 KB,
 * which is what a phone on a weak mobile link waits for. The compressed form is made once per cached answer
 * and encoding (the cache keeps it with the entry): a hit costs no compression.
 */
export type Encodage = 'br' | 'gzip';

/**
 * Levels chosen by measuring on pages of the bench (20 records, 35 KB on average, docs/benchmarks.md): brotli 1
 * takes ≈ 70 µs for 17 % of the size, brotli 4 ≈ 270 µs for 15 %, 5 ≈ 400 µs for 14 %; gzip 1–3 ≈ 150 µs for
 * 16.5–17.5 %, 6 ≈ 270 µs for 15 %. A miss already costs ≈ 1 ms of CPU: a few percent of size are not worth a
 * quarter more of it. gzip 3 costs what 1 costs (both use deflate's fast strategy) for fewer bytes.
 */
const QUALITE_BROTLI = 1;
const NIVEAU_GZIP = 3;

/**
 * An answer read again from the cache is popular: its compressed form is redone at these levels on the libuv
 * thread pool, off the request path, and replaces the fast one (affiner, recherche.routes.ts). Measured on
 * pages of the demo register (37 KB on average): brotli 5 ≈ 520 µs for 5.2 KB against brotli 1's 6.3 KB
 * (−17 %; 6, 7 and 9 gain < 1 % more, 11 costs 50 ms); gzip 9 ≈ 400 µs for 5.4 KB against gzip 3's 6.1 KB.
 * Paid once per popular answer and minute, saved on every later transfer of it.
 */
const QUALITE_BROTLI_FINE = 5;
const NIVEAU_GZIP_FIN = 9;

/** Below this, compression saves less than a TCP segment: errors and tiny pages go as they are. */
export const TAILLE_MIN_COMPRESSION = 1024;

/** Compressions made by this process on the request path, and finer ones off it (tests count both). */
export const compteurs = { compressions: 0, affinages: 0 };
const affinagesEnVol = new Set<Promise<Buffer>>();
/**
 * At most this many at once: each holds ≈ 100 KB of native memory while it waits, and they share libuv's pool
 * with file and DNS work. A form turned away is tried again at its next hit.
 */
const AFFINAGES_MAX = 4;

export function placePourAffiner(): boolean {
  return affinagesEnVol.size < AFFINAGES_MAX;
}

export function compresser(corps: Buffer, encodage: Encodage): Buffer {
  compteurs.compressions++;
  if (encodage === 'br') {
    return brotliCompressSync(corps, { params: { [constants.BROTLI_PARAM_QUALITY]: QUALITE_BROTLI, [constants.BROTLI_PARAM_SIZE_HINT]: corps.length } });
  }
  return gzipSync(corps, { level: NIVEAU_GZIP });
}

/** The finer compressed form, made on the thread pool (the event loop goes on serving meanwhile). */
export function compresserFin(corps: Buffer, encodage: Encodage): Promise<Buffer> {
  compteurs.affinages++;
  const fait = new Promise<Buffer>((ok, ko) => {
    const rendre = (erreur: Error | null, resultat: Buffer) => (erreur ? ko(erreur) : ok(resultat));
    if (encodage === 'br') brotliCompress(corps, { params: { [constants.BROTLI_PARAM_QUALITY]: QUALITE_BROTLI_FINE, [constants.BROTLI_PARAM_SIZE_HINT]: corps.length } }, rendre);
    else gzip(corps, { level: NIVEAU_GZIP_FIN }, rendre);
  });
  affinagesEnVol.add(fait);
  const oublier = () => affinagesEnVol.delete(fait);
  fait.then(oublier, oublier);
  return fait;
}

/** Settles once the finer compressions started so far, and what their callers chained first, are done (tests). */
export async function affinagesTermines(): Promise<void> {
  await Promise.allSettled([...affinagesEnVol]);
}

// Clients send a handful of distinct Accept-Encoding strings: each is parsed once (bounded, cleared when full).
// null is identity, so that one get() tells a known string from an unknown one.
const negociees = new Map<string, Encodage | null>();
const NEGOCIEES_GARDEES = 200;

/**
 * The encoding to send for this Accept-Encoding (RFC 9110 §12.5.3): brotli or gzip when the client accepts it
 * with q > 0 (by name or through `*`), brotli first at equal weight; undefined = identity. `x-gzip` is gzip.
 * A client that refuses identity but accepts nothing we have still gets identity (§12.5.3 permits it).
 */
export function encodageAccepte(entete: string | undefined): Encodage | undefined {
  if (!entete) return undefined;
  const connue = negociees.get(entete);
  if (connue !== undefined) return connue ?? undefined;
  const poids = new Map<string, number>();
  for (const partie of entete.split(',')) {
    const [nom, ...params] = partie.split(';');
    const codage = nom!.trim().toLowerCase();
    if (!codage) continue;
    let q = 1;
    for (const p of params) {
      const [cle, valeur] = p.split('=');
      // A weight we cannot read counts as a refusal: better identity than bytes the client cannot open.
      if (cle!.trim().toLowerCase() === 'q') q = Number(valeur?.trim() || Number.NaN) || 0;
    }
    poids.set(codage === 'x-gzip' ? 'gzip' : codage, q);
  }
  const etoile = poids.get('*') ?? 0;
  const br = poids.get('br') ?? etoile;
  const gzip = poids.get('gzip') ?? etoile;
  const choix: Encodage | undefined = br > 0 && br >= gzip ? 'br' : gzip > 0 ? 'gzip' : undefined;
  if (negociees.size >= NEGOCIEES_GARDEES) negociees.clear();
  if (entete.length <= 200) negociees.set(entete, choix ?? null);
  return choix;
}

/**
 * The ETag of a compressed form: the identity body's tag with the encoding as a suffix, weak. A form's bytes
 * change when it is recompressed tighter (affiner, recherche.routes.ts), its content does not: a tag of the
 * bytes made every revalidation after the swap, and after each minute's fresh entry, a full 200.
 */
export function etagEncode(etagIdentite: string, encodage: Encodage): string {
  return `W/${etagIdentite.slice(0, -1)}-${encodage === 'br' ? 'br' : 'gz'}"`;
}
