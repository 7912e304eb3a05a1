import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { Context, Hono } from 'hono';

/**
 * Static assets, built once when the app is created (never at import time) and kept in memory pre-compressed:
 * - one CSS bundle = DSFR core + only the components our pages use + our own CSS. The whole dsfr.min.css
 *   weighs 92 KB gzipped; the bundle stays near a third of that (docs/pages.md, "Poids").
 * - DSFR's @font-face rules are replaced by two faces (Marianne 400 and 700): the browser maps 300/500 to
 *   400 and 800 to 700, so a first visit downloads two fonts instead of four.
 * - our small enhancement script; MapLibre's files only when the map is asked for.
 * URLs carry a content hash or a package version, so they are cached for a year as immutable.
 */

const DSFR_DIST = path.resolve('node_modules/@gouvfr/dsfr/dist');
const MAPLIBRE_DIST = path.resolve('node_modules/maplibre-gl/dist');
const ASSETS = path.resolve('src/web/assets');

/** DSFR components the pages use (each adds 1–4 KB gzipped). */
const COMPOSANTS = [
  'skiplink', 'logo', 'header', 'footer', 'link', 'button', 'form', 'input', 'select', 'checkbox', 'radio', 'search',
  'badge', 'tag', 'breadcrumb', 'pagination', 'notice', 'alert', 'card', 'table', 'callout', 'summary',
] as const;

function version(pkgDir: string): string {
  return (JSON.parse(readFileSync(path.join(pkgDir, '..', 'package.json'), 'utf8')) as { version: string }).version;
}

interface Asset {
  readonly type: string;
  readonly brut: Buffer;
  readonly gzip: Buffer;
  readonly br: Buffer;
}

/**
 * Compressed forms are computed on first request, not when the app is built: brotli 11 on the CSS bundle
 * costs ~2 s, which every test file creating an app would otherwise pay. Memoised by content hash for the
 * process (pure cache: same bytes in, same bytes out), so several apps in one process compress once.
 */
const compresses = new Map<string, { gzip: Buffer; br: Buffer }>();

function asset(type: string, contenu: string | Buffer, qualite = 11): Asset {
  const brut = Buffer.isBuffer(contenu) ? contenu : Buffer.from(contenu, 'utf8');
  const cle = `${qualite}:${hash(brut)}`;
  const formes = () => {
    let f = compresses.get(cle);
    if (!f) {
      f = {
        gzip: gzipSync(brut, { level: 9 }),
        br: brotliCompressSync(brut, { params: { [zlib.BROTLI_PARAM_QUALITY]: qualite, [zlib.BROTLI_PARAM_SIZE_HINT]: brut.length } }),
      };
      compresses.set(cle, f);
    }
    return f;
  };
  return {
    type,
    brut,
    get gzip() {
      return formes().gzip;
    },
    get br() {
      return formes().br;
    },
  };
}

const hash = (b: Buffer | string) => createHash('sha256').update(b).digest('hex').slice(0, 10);

export interface StaticAssets {
  /** URL of the CSS bundle. */
  readonly css: string;
  /** URL of our enhancement script (an ES module). */
  readonly js: string;
  readonly maplibreJs: string;
  readonly maplibreCss: string;
  /** Base URL of DSFR's dist files (fonts, icons, favicon). */
  readonly dsfr: string;
  readonly favicon: string;
}

/** Rewrite a component's relative url(...) to the absolute, versioned DSFR route. */
function rebaseUrls(css: string, fichier: string, base: string): string {
  const dir = path.dirname(fichier);
  return css.replace(/url\((?!["']?data:)["']?([^)"']+)["']?\)/g, (_m, rel: string) => {
    const abs = path.relative(DSFR_DIST, path.resolve(dir, rel)).split(path.sep).join('/');
    return `url(${base}/${abs})`;
  });
}

function construireCss(base: string): string {
  const parties: string[] = [];
  const core = path.join(DSFR_DIST, 'core/core.main.min.css');
  parties.push(rebaseUrls(readFileSync(core, 'utf8').replace(/@font-face\{[^}]*\}/g, ''), core, base));
  for (const nom of COMPOSANTS) {
    const f = path.join(DSFR_DIST, `component/${nom}/${nom}.main.min.css`);
    parties.push(rebaseUrls(readFileSync(f, 'utf8'), f, base));
  }
  const police = (poids: number, fichier: string) =>
    `@font-face{font-display:swap;font-family:Marianne;font-style:normal;font-weight:${poids};src:url(${base}/fonts/${fichier}.woff2) format("woff2")}`;
  parties.unshift(police(400, 'Marianne-Regular'), police(700, 'Marianne-Bold'));
  parties.push(readFileSync(path.join(ASSETS, 'app.css'), 'utf8'));
  return parties.join('\n');
}

/** Which encoding to send: brotli when the client accepts it, then gzip, else the raw bytes. */
function choisir(c: Context, a: Asset): { corps: Buffer; encodage?: string } {
  const accept = c.req.header('accept-encoding') ?? '';
  if (/\bbr\b/.test(accept)) return { corps: a.br, encodage: 'br' };
  if (/\bgzip\b/.test(accept)) return { corps: a.gzip, encodage: 'gzip' };
  return { corps: a.brut };
}

function envoyer(c: Context, a: Asset): Response {
  const { corps, encodage } = choisir(c, a);
  const headers: Record<string, string> = {
    'content-type': a.type,
    'cache-control': 'public, max-age=31536000, immutable',
    vary: 'accept-encoding',
    'content-length': String(corps.length),
  };
  if (encodage) headers['content-encoding'] = encodage;
  return new Response(c.req.method === 'HEAD' ? null : new Uint8Array(corps), { status: 200, headers });
}

const TYPES: Record<string, string> = {
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.css': 'text/css; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

// Several modules render pages: the second call for one app returns the assets already registered.
const dejaEnregistres = new WeakMap<Hono, StaticAssets>();

/** Registers /static/* on the app and returns the URLs pages must use. */
export function registerStatic(app: Hono): StaticAssets {
  const deja = dejaEnregistres.get(app);
  if (deja) return deja;
  const dsfrBase = `/static/dsfr-${version(DSFR_DIST)}`;
  const mlBase = `/static/maplibre-${version(MAPLIBRE_DIST)}`;
  const css = asset('text/css; charset=utf-8', construireCss(dsfrBase));
  const js = asset('text/javascript; charset=utf-8', readFileSync(path.join(ASSETS, 'app.js')));
  const urls: StaticAssets = {
    css: `/static/app-${hash(css.brut)}.css`,
    js: `/static/app-${hash(js.brut)}.js`,
    maplibreJs: `${mlBase}/maplibre-gl.mjs`,
    maplibreCss: `${mlBase}/maplibre-gl.css`,
    dsfr: dsfrBase,
    favicon: `${dsfrBase}/favicon/favicon.svg`,
  };
  app.get(urls.css, (c) => envoyer(c, css));
  app.get(urls.js, (c) => envoyer(c, js));

  // Files read from a package directory: only known extensions, only inside that directory, compressed
  // lazily once (MapLibre's 1.6 MB are never read unless someone opens the map).
  const cache = new Map<string, Asset>();
  const servirDepuis = (prefixe: string, racine: string, permis: RegExp) => {
    app.get(`${prefixe}/*`, async (c) => {
      const rel = decodeURIComponent(c.req.path.slice(prefixe.length + 1));
      const fichier = path.resolve(racine, rel);
      if (!permis.test(rel) || !fichier.startsWith(racine + path.sep)) return c.notFound();
      let a = cache.get(fichier);
      if (!a) {
        try {
          if (!statSync(fichier).isFile()) return c.notFound();
        } catch {
          return c.notFound();
        }
        const type = TYPES[path.extname(fichier)] ?? 'application/octet-stream';
        const contenu = await readFile(fichier);
        // woff2 and png are already compressed: store them as is under every encoding.
        a = /woff2|png|ico/.test(type) ? { type, brut: contenu, gzip: contenu, br: contenu } : asset(type, contenu, contenu.length > 200_000 ? 6 : 11);
        cache.set(fichier, a);
      }
      if (/woff2|png|ico/.test(a.type)) {
        return new Response(new Uint8Array(a.brut), {
          headers: { 'content-type': a.type, 'cache-control': 'public, max-age=31536000, immutable', 'content-length': String(a.brut.length) },
        });
      }
      return envoyer(c, a);
    });
  };
  servirDepuis(dsfrBase, DSFR_DIST, /^(fonts\/Marianne-(Regular|Bold)\.woff2|icons\/[a-z-]+\/[a-z0-9-]+\.svg|favicon\/[a-z0-9-]+\.(svg|png|ico|webmanifest))$/);
  servirDepuis(mlBase, MAPLIBRE_DIST, /^(maplibre-gl\.mjs|maplibre-gl-worker\.mjs|maplibre-gl\.css)$/);
  dejaEnregistres.set(app, urls);
  return urls;
}
