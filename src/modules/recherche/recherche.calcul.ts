import type { Context } from 'hono';
import { enteteCsv, versGeoJsonFeature, versJsonStandard, versLigneCsv } from '../lieux/lieux.serialisation.ts';
import type { LieuStandard } from '../lieux/standard/lieu.ts';
import type { ReponseEnCache } from './cache-reponses.ts';
import type { FicheLieu } from './recherche.repository.ts';
import type { FORMATS, Requete } from './recherche.schema.ts';
import type { RechercheService, ResultatLieu } from './recherche.service.ts';

// The search's answer as bytes, in each format of the API (JSON of the standard, GeoJSON, CSV), with the
// headers that depend on it; how it is then sent (cache, compression, validators) is recherche.routes.ts's.

/** The answer, computed: bytes and headers, whatever the format. Errors are thrown (and so never cached). */
export async function calculer(c: Context, recherche: RechercheService, publicUrl: string, pourService: Requete, format: (typeof FORMATS)[number]): Promise<ReponseEnCache> {
  const res = await recherche.rechercher(pourService);
  const fiches = await recherche.fiches(res.resultats.map((r) => r.uid));
  const parUid = new Map(res.resultats.map((r) => [r.uid, r]));
  const suivant = res.curseurSuivant ? lienSuivant(c, publicUrl, res.curseurSuivant) : undefined;
  const entetes: [string, string][] = [['X-Total-Count', String(res.total)]];
  if (suivant) entetes.push(['Link', `<${suivant}>; rel="next"`]);
  let corps: Buffer;
  if (format === 'csv') {
    entetes.push(['Content-Type', 'text/csv; charset=utf-8']);
    const jour = aujourdhui();
    corps = Buffer.from(enteteCsv() + fiches.map((f) => enCache(f, jour).csv ??= versLigneCsv(f as unknown as LieuStandard)).join(''));
  } else if (format === 'geojson') {
    entetes.push(['Content-Type', 'application/geo+json; charset=utf-8']);
    corps = Buffer.from(
      JSON.stringify({
        type: 'FeatureCollection',
        total: res.total,
        ...(res.curseurSuivant ? { curseur_suivant: res.curseurSuivant, suivant } : {}),
        features: fiches.map((f) => {
          const feature = versGeoJsonFeature(f as never);
          return { ...feature, properties: { ...feature.properties, recherche: infos(parUid.get(f.uid)!) } };
        }),
      }),
    );
  } else {
    // Each place's JSON is serialised once per day (its freshness depends on the date) and kept as UTF-8 bytes:
    // the body of a page is mostly these 20 records, and encoding a 37 KB string (twice: its byte length, then
    // the socket write) was the largest single cost of the route; copying bytes is a memcpy.
    const entete = JSON.stringify({ total: res.total, tri: res.tri, ...(res.origine ? { origine: res.origine } : {}), ...(res.curseurSuivant ? { curseur_suivant: res.curseurSuivant, suivant } : {}) });
    const jour = aujourdhui();
    const morceaux: (string | Buffer)[] = [`${entete.slice(0, -1)},"lieux":[`];
    fiches.forEach((f, i) => {
      morceaux.push(`${i > 0 ? ',' : ''}{"recherche":${JSON.stringify(infos(parUid.get(f.uid)!))},`);
      // The record without its opening brace: it continues the object opened above.
      morceaux.push((enCache(f, jour).json ??= Buffer.from(JSON.stringify(versJsonStandard(f as never)).slice(1))));
    });
    morceaux.push(`],"facettes":${JSON.stringify(res.facettes)}}`);
    entetes.push(['Content-Type', 'application/json; charset=utf-8']);
    corps = assembler(morceaux);
  }
  return { corps, entetes, compressees: {} };
}

// Keyed by the cached row object itself: when the search service replaces or drops a row, its entry goes too.
const serialisations = new WeakMap<FicheLieu, { jour: string; json?: Buffer; csv?: string }>();
function enCache(f: FicheLieu, jour: string): { jour: string; json?: Buffer; csv?: string } {
  let e = serialisations.get(f);
  if (!e || e.jour !== jour) {
    e = { jour };
    serialisations.set(f, e);
  }
  return e;
}

function aujourdhui(): string {
  return new Date().toISOString().slice(0, 10);
}

/** One buffer from strings (UTF-8) and byte chunks, allocated once. */
function assembler(morceaux: readonly (string | Buffer)[]): Buffer<ArrayBuffer> {
  let taille = 0;
  for (const m of morceaux) taille += typeof m === 'string' ? Buffer.byteLength(m) : m.length;
  const sortie = Buffer.allocUnsafe(taille);
  let i = 0;
  for (const m of morceaux) i += typeof m === 'string' ? sortie.write(m, i) : m.copy(sortie, i);
  return sortie;
}

function lienSuivant(c: Context, publicUrl: string, curseur: string): string {
  // The query alone (parsing the whole URL cost twice as much, ≈ 3.8 against 1.7 µs per computed answer).
  const url = c.req.url;
  const debut = url.indexOf('?');
  const parametres = new URLSearchParams(debut < 0 ? '' : url.slice(debut + 1));
  parametres.set('curseur', curseur);
  return `${publicUrl}${c.req.path}?${parametres.toString()}`;
}

function infos(r: ResultatLieu): Record<string, unknown> {
  return {
    ...(r.distanceKm !== undefined ? { distance_km: r.distanceKm } : {}),
    ...(r.score !== undefined ? { score: r.score } : {}),
    ouvert_maintenant: r.ouvertMaintenant,
    ...(r.prochaineOuverture ? { prochaine_ouverture: r.prochaineOuverture } : {}),
  };
}
