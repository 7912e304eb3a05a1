// `node --expose-gc bench/import-gros-fichier.ts [pglite|postgres] [ROWS] [csv|json]`: imports one large valid
// file (ROWS copies of the official example with distinct ids; 120,000 rows ≈ 200 MB of CSV) through the real
// import service, sampling the heap and RSS throughout. Run it with --max-old-space-size=128 to show the import
// fits a small fixed heap whatever the file's size. PostgreSQL: TEST_DATABASE_URL, else the local server.
// Not in `npm run bench` (several minutes on a shared machine); figures in docs/registre.md.
import { ecrireGrosFichier, registreDeTest } from '../src/modules/lieux/import/aide-test.ts';
process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
const engine = (process.argv[2] ?? 'pglite') as 'pglite' | 'postgres';
const n = Number(process.argv[3] ?? 20000);
const format = (process.argv[4] ?? 'csv') as 'csv' | 'json';
const r = await registreDeTest(engine);
const chemin = `${r.dossier}/gros.${format}`;
const taille = await ecrireGrosFichier(chemin, n, format);
global.gc?.();
const base = process.memoryUsage();
let pic = 0, picRss = 0;
const echantillon = () => { const m = process.memoryUsage(); pic = Math.max(pic, m.heapUsed); picRss = Math.max(picRss, m.rss); };
const t = setInterval(echantillon, 50);
const d = Date.now();
const b = await r.importer(chemin, { source: 'gros', onProgression: echantillon });
clearInterval(t);
const s = (Date.now() - d) / 1000;
console.log(JSON.stringify({ engine, format, n, Mo: +(taille / 1e6).toFixed(1), lus: b.lus, crees: b.crees, rejetes: b.rejetes, s, lignesParS: Math.round(b.lus / s), MoParS: +(taille / 1e6 / s).toFixed(1), heapBaseMo: Math.round(base.heapUsed / 1e6), heapPicMo: Math.round(pic / 1e6), rssBaseMo: Math.round(base.rss/1e6), rssPicMo: Math.round(picRss / 1e6) }));
await r.close();
