import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp } from '../../../test/helpers/app.ts';
import { insererLieux, XSS } from '../../../test/browser/outils.ts';
import { creerAleatoire } from '../../lib/prng.ts';
import { PARAMETRES } from '../recherche/recherche.schema.ts';

/**
 * Hostile query strings on the HTML pages: never a 5xx, never a payload echoed unescaped. Seeded, so a failure
 * replays with FUZZ_GRAINE=<the seed in the message>.
 */

const GRAINE = Number(process.env.FUZZ_GRAINE ?? 20261124);
const TOURS = 400;

const CLES_ORIENTATION = ['beneficiaire', 'prescripteur', 'structure', 'date', 'motif'];
const CLES_BIZARRES = ['', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'adresse[]', 'q.x', '%', '%zz', '%00', XSS[0], XSS[1], 'a'.repeat(2000), 'lat ', 'LAT'];
const VALEURS_PLAUSIBLES = [
  'Roubaix', 'Lyon', '59100', '59512', '69', '2A', '974', '32', '84', '50.69', '3.18', '-91', '1e308', 'NaN', 'Infinity', '0x10', '10', '0.1', '500', '501',
  'lundi', '2026-11-24', '2026-02-30', '10:00', '25:61', 'maintenant', 'week-end', 'oui', 'non', 'true', 'a_jour', 'a_verifier', 'Gratuit', 'Payant',
  'Aide aux démarches administratives', 'Fixe|Itinérant', 'EPN', 'TIERS_LIEUX', 'json', 'csv', 'geojson', 'Ma position', 'Rhône (69)', ' ', '|', '||',
];
const JUNK_POURCENT = ['%', '%%', '%zz', '%E0%A4%A', '%C0%80', '%ED%A0%80', '%FF%FE', '%00', '%0A%0D', '%u003Cscript%u003E', '%%32%35', '%2', '+%2B+'];
const CHARGES = [...XSS, '<script>alert(document.domain)</script>', '<svg onload=alert(1)>', '" onfocus="alert(1)" autofocus="', '\'><script>alert(1)</script>', 'javascript:alert(1)', '</textarea><script>alert(1)</script>', '<!--', ']]>'];

describe('pages HTML sous des requêtes hostiles (fuzz, graine fixe)', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let uid: string;
  before(async () => {
    t = await createTestApp();
    [uid] = await insererLieux(t.deps.database.db, [
      { id: 'a', nom: 'EPN de la Mairie', commune: 'Roubaix', code_postal: '59100', code_insee: '59512', adresse: '1 place de la Mairie', latitude: 50.69, longitude: 3.18 },
      { id: 'l', nom: 'EPN de Lyon', commune: 'Lyon', code_postal: '69003', code_insee: '69383', adresse: '1 rue Servient', latitude: 45.76, longitude: 4.85 },
    ]) as [string];
    await t.deps.recherche.rafraichir();
  });
  after(() => t.close());

  it('« constructor » en clé : un paramètre inconnu ; « __proto__ » : ignoré, comme par l’API', async () => {
    const html = { headers: { accept: 'text/html' } };
    const res = await t.app.request('/lieux?constructor=x&adresse=Roubaix', html);
    assert.equal(res.status, 400);
    assert.match(await res.text(), /Paramètre inconnu : « constructor »/);
    const titre = async (chemin: string) => /<h1[^>]*>([^<]*)<\/h1>/.exec(await (await t.app.request(chemin, html)).text())?.[1];
    assert.equal(await titre('/lieux?__proto__=x&adresse=Roubaix'), await titre('/lieux?adresse=Roubaix'));
    const api = await t.app.request('/api/v1/lieux?__proto__=x&commune=Roubaix');
    assert.equal(api.status, 200);
    assert.deepEqual(await api.json(), await (await t.app.request('/api/v1/lieux?commune=Roubaix')).json());
  });

  it(`${TOURS} requêtes : aucune réponse 5xx, aucune charge utile recopiée telle quelle (graine ${GRAINE})`, async () => {
    const alea = creerAleatoire(GRAINE).reel;
    const entier = (n: number) => Math.floor(alea() * n);
    const un = <T>(xs: readonly T[]): T => xs[entier(xs.length)]!;
    const pages = [
      '/lieux', '/lieux', '/lieux', `/lieux/${uid}`, `/lieux/${uid}/imprimer`, `/lieux/${uid}/orientation`, `/lieux/${uid}/orientation`, `/lieux/${uid}/signaler`,
      '/territoires', '/territoires/regions/32', '/territoires/departements/59', '/territoires/departements/69', '/',
    ];
    const cle = () => {
      const x = alea();
      return x < 0.6 ? un(PARAMETRES) : x < 0.8 ? un(CLES_ORIENTATION) : un(CLES_BIZARRES);
    };
    const longue = () => {
      const n = 1 + entier(10_000);
      return (un(CHARGES) + un(VALEURS_PLAUSIBLES)).repeat(Math.ceil(n / 20)).slice(0, n);
    };
    const valeur = () => {
      const x = alea();
      if (x < 0.35) return encodeURIComponent(un(VALEURS_PLAUSIBLES));
      if (x < 0.6) return encodeURIComponent(un(CHARGES));
      if (x < 0.7) return un(CHARGES); // unencoded, as a careless client sends it
      if (x < 0.8) return un(JUNK_POURCENT) + encodeURIComponent(un(VALEURS_PLAUSIBLES));
      if (x < 0.9) return encodeURIComponent(longue());
      return '';
    };
    const requete = () => {
      const parties: string[] = [];
      const n = entier(12);
      for (let i = 0; i < n; i++) {
        const k = alea() < 0.1 ? un(JUNK_POURCENT) : encodeURIComponent(cle());
        // Repeated keys: the same key two to four times.
        for (let j = alea() < 0.15 ? 2 + entier(3) : 1; j > 0; j--) parties.push(alea() < 0.05 ? k : `${k}=${valeur()}`);
      }
      return parties.join(alea() < 0.1 ? '&&' : '&');
    };
    const chemin = () => {
      const x = alea();
      // Now and then a hostile path segment where the pages take a uid or a code.
      if (x < 0.05) return `/lieux/${encodeURIComponent(un(CHARGES))}${un(['', '/imprimer', '/orientation'])}`;
      if (x < 0.08) return `/territoires/${un(['regions', 'departements'])}/${encodeURIComponent(un([...CHARGES, ...VALEURS_PLAUSIBLES]))}`;
      return un(pages);
    };

    // Most random queries stop at the first bad parameter (400): these pass validation and reach the results and
    // their form, which sends every parameter back in hidden fields.
    const recherchePlausible = () => {
      const ou = un(['adresse=Roubaix', 'commune=59512', 'departement=69', 'lat=50.69&lon=3.18', 'adresse=Lyon&commune=59512', 'region=84', `adresse=${encodeURIComponent(un(CHARGES))}`]);
      const options = ['rayon_km=50', 'jour=lundi', 'heure=10:00', 'typologie=EPN', 'itinerance=Fixe', 'fraicheur=a_verifier', 'limite=1', 'facettes=false', 'rdv_en_ligne=non', 'services=Aide%20aux%20d%C3%A9marches%20administratives'];
      return [ou, `q=${encodeURIComponent(un(CHARGES).slice(0, 200))}`, ...options.filter(() => alea() < 0.25)].join('&');
    };

    const echecs: string[] = [];
    const debut = Date.now();
    for (let i = 0; i < TOURS; i++) {
      const page = chemin();
      const url = `${page}?${page === '/lieux' && alea() < 0.5 ? recherchePlausible() : requete()}`;
      let res: Response;
      try {
        res = await t.app.request(url, { headers: { accept: 'text/html' } });
      } catch (err) {
        echecs.push(`${i} exception ${String(err)} : ${url.slice(0, 300)}`);
        continue;
      }
      const corps = await res.text();
      if (res.status >= 500) echecs.push(`${i} statut ${res.status} : ${url.slice(0, 300)}`);
      // The layout's one module script is the only <script> a page may hold.
      const scripts = corps.match(/<script\b[^>]*>/gi) ?? [];
      if (scripts.some((s) => !/^<script type="module" src="\/static\/[^"]+"><\/?/.test(`${s}<`)) || scripts.length > 1) {
        echecs.push(`${i} balise script recopiée : ${url.slice(0, 300)}`);
      }
      for (const charge of CHARGES) if (/[<>"']/.test(charge) && corps.includes(charge)) echecs.push(`${i} « ${charge} » non échappé : ${url.slice(0, 300)}`);
      // Inside a quoted attribute value, « onerror= » is harmless text; outside one, it is an injected handler.
      const balises = corps.match(/<[a-z][^>]*>/gi) ?? [];
      if (balises.some((b) => /\son[a-z]+\s*=/i.test(b.replace(/"[^"]*"/g, '""')))) echecs.push(`${i} attribut d’événement injecté : ${url.slice(0, 300)}`);
    }
    assert.deepEqual(echecs.slice(0, 10), [], `graine ${GRAINE} : ${echecs.length} échecs`);
    assert.ok(Date.now() - debut < 10_000, `${TOURS} requêtes en ${Date.now() - debut} ms`);
  });
});
