import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp } from '../../../test/helpers/app.ts';
import { insererLieux, XSS } from '../../../test/browser/outils.ts';

const HTML = { accept: 'text/html' };

const desechapper = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, '\'').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/**
 * What a browser sends when the search form of the page is submitted: its hidden and text inputs, ticked boxes and
 * radios. `saisie` replaces the visible field's text; `cocher` ticks more boxes.
 */
function soumission(page: string, o: { saisie?: string; cocher?: [string, string][] } = {}): string {
  const form = /<form method="get" action="\/lieux"[^>]*>([\s\S]*?)<\/form>/.exec(page);
  assert.ok(form, 'la page a son formulaire de recherche');
  const p = new URLSearchParams();
  for (const [balise] of form[1]!.matchAll(/<input\b[^>]*>/g)) {
    const attr = (n: string) => {
      const m = new RegExp(`\\s${n}(?:="([^"]*)")?[\\s>]`).exec(balise);
      return m ? desechapper(m[1] ?? '') : undefined;
    };
    const type = attr('type');
    const nom = attr('name');
    if (!nom) continue;
    if ((type === 'checkbox' || type === 'radio') && attr('checked') === undefined) continue;
    p.append(nom, nom === 'adresse' && o.saisie !== undefined ? o.saisie : (attr('value') ?? ''));
  }
  for (const [n, v] of o.cocher ?? []) p.append(n, v);
  return `/lieux?${p}`;
}

const caches = (page: string) => [...page.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [m[1]!, desechapper(m[2]!)]);
const noms = (page: string) => [...page.matchAll(/<h3 class="fr-h6"><a[^>]*>([^<]*)<\/a>/g)].map((m) => desechapper(m[1]!)).sort();
const titre = (page: string) => /<h1[^>]*>([^<]*)<\/h1>/.exec(page)?.[1] ?? '';
const champOu = (page: string) => desechapper(/<input [^>]*id="adresse" name="adresse" value="([^"]*)"/.exec(page)?.[1] ?? '∅');

describe('page de résultats : formulaire et recherche vide', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  before(async () => {
    t = await createTestApp();
    await insererLieux(t.deps.database.db, [
      { id: 'r1', nom: 'EPN de Roubaix', commune: 'Roubaix', code_postal: '59100', code_insee: '59512', adresse: '1 place de la Mairie', latitude: 50.69, longitude: 3.18 },
      { id: 'r2', nom: 'Médiathèque de Roubaix', commune: 'Roubaix', code_postal: '59100', code_insee: '59512', adresse: '2 rue Pierre Motte', latitude: 50.691, longitude: 3.181, services: ['Maîtrise des outils numériques du quotidien'] },
      // A few km from Roubaix: in an address search around Roubaix, never in the commune of Roubaix.
      { id: 't1', nom: 'EPN de Tourcoing', commune: 'Tourcoing', code_postal: '59200', code_insee: '59599', adresse: '3 place Victor Hassebroucq', latitude: 50.72, longitude: 3.16 },
      { id: 'l1', nom: 'EPN de Lyon', commune: 'Lyon', code_postal: '69003', code_insee: '69383', adresse: '1 rue Servient', latitude: 45.76, longitude: 4.85 },
      { id: 'v1', nom: 'EPN de Villeurbanne', commune: 'Villeurbanne', code_postal: '69100', code_insee: '69266', adresse: '1 place Lazare Goujon', latitude: 45.77, longitude: 4.88 },
    ]);
    await t.deps.recherche.rafraichir();
  });
  after(() => t.close());

  const get = async (chemin: string) => {
    const res = await t.app.request(chemin, { headers: HTML });
    return { status: res.status, corps: await res.text() };
  };
  const ROUBAIX = ['EPN de Roubaix', 'Médiathèque de Roubaix'];
  const AUTOUR_DE_ROUBAIX = ['EPN de Roubaix', 'EPN de Tourcoing', 'Médiathèque de Roubaix'];
  const RHONE = ['EPN de Lyon', 'EPN de Villeurbanne'];

  it('le texte saisi dans le champ « où » remplace le point ou le territoire d’arrivée', async () => {
    let p = await get('/lieux?adresse=Roubaix&lat=45.76&lon=4.83');
    assert.deepEqual(noms(p.corps), AUTOUR_DE_ROUBAIX);
    assert.match(titre(p.corps), /autour de Roubaix/);
    p = await get('/lieux?commune=59512&adresse=Lyon');
    assert.deepEqual(noms(p.corps), RHONE);
    p = await get('/lieux?departement=69&adresse=Roubaix');
    assert.deepEqual(noms(p.corps), AUTOUR_DE_ROUBAIX);
    assert.ok(!caches(p.corps).some(([n]) => n === 'departement'), 'le département remplacé ne repart pas avec le formulaire');

    // Through the form, as a visitor does: arrive from a browse page, type another place.
    p = await get('/lieux?commune=59512');
    assert.deepEqual(noms(p.corps), ROUBAIX);
    p = await get(soumission(p.corps, { saisie: 'Lyon' }));
    assert.deepEqual(noms(p.corps), RHONE);
    assert.match(titre(p.corps), /autour de Lyon/);
    p = await get('/lieux?lat=45.76&lon=4.85');
    assert.match(titre(p.corps), /autour de vous/);
    p = await get(soumission(p.corps, { saisie: '59100' }));
    assert.match(titre(p.corps), /autour de Roubaix/);
    assert.deepEqual(noms(p.corps), AUTOUR_DE_ROUBAIX);
  });

  it('le champ montre le lieu d’arrivée ; renvoyé tel quel, il garde ce lieu', async () => {
    let p = await get('/lieux?commune=59512');
    assert.equal(champOu(p.corps), 'Roubaix');
    for (let i = 0; i < 2; i++) {
      p = await get(soumission(p.corps));
      assert.deepEqual(noms(p.corps), ROUBAIX, 'toujours la commune, pas un rayon autour d’elle');
      assert.equal(champOu(p.corps), 'Roubaix');
    }
    p = await get(soumission(p.corps, { cocher: [['services', 'Maîtrise des outils numériques du quotidien']] }));
    assert.deepEqual(noms(p.corps), ROUBAIX);

    p = await get('/lieux?departement=69');
    assert.equal(champOu(p.corps), 'Rhône (69)');
    assert.deepEqual(noms(p.corps), RHONE);
    p = await get(soumission(p.corps));
    assert.deepEqual(noms(p.corps), RHONE);
    p = await get(soumission(p.corps, { saisie: '  rhone (69) ' }));
    assert.deepEqual(noms(p.corps), RHONE, 'casse, accents et espaces n’y changent rien');

    p = await get('/lieux?lat=50.69&lon=3.18');
    assert.equal(champOu(p.corps), 'Ma position');
    p = await get(soumission(p.corps));
    assert.match(titre(p.corps), /autour de vous/);
    assert.deepEqual(noms(p.corps), AUTOUR_DE_ROUBAIX);
  });

  it('un département ou une région renvoyé raccourci reste ce territoire, pas une commune qui porte le mot', async () => {
    const NORD = ['EPN de Roubaix', 'EPN de Tourcoing', 'Médiathèque de Roubaix'];
    for (const [chemin, attendus, champ] of [
      ['/lieux?departement=59&adresse=Nord', NORD, 'Nord (59)'],
      ['/lieux?departement=59&adresse=59', NORD, 'Nord (59)'],
      ['/lieux?departement=69&adresse=Rhone', RHONE, 'Rhône (69)'],
      ['/lieux?departement=69&adresse=%20rh%C3%94ne%20', RHONE, 'Rhône (69)'],
      ['/lieux?region=84&adresse=Auvergne', RHONE, 'Auvergne-Rhône-Alpes'],
      ['/lieux?region=84&adresse=auvergne%20rhone', RHONE, 'Auvergne-Rhône-Alpes'],
    ] as const) {
      const p = await get(chemin);
      assert.equal(p.status, 200, chemin);
      assert.deepEqual(noms(p.corps), attendus, chemin);
      assert.doesNotMatch(titre(p.corps), /autour de/, `${chemin} : pas une commune géocodée`);
      assert.equal(champOu(p.corps), champ, chemin);
    }
    let p = await get('/lieux?departement=59');
    p = await get(soumission(p.corps, { saisie: 'Nord' }));
    assert.deepEqual(noms(p.corps), NORD);
    // Another place, even inside the territory, is still a new place.
    p = await get('/lieux?region=84&adresse=Lyon');
    assert.match(titre(p.corps), /autour de Lyon/);
  });

  it('« Autour de moi » depuis une commune : le point remplace la commune', async () => {
    // app.js empties the field and fills the hidden lat/lon before submitting.
    const p = await get('/lieux?adresse=&lat=45.76&lon=4.85&commune=59512');
    assert.deepEqual(noms(p.corps), RHONE);
    assert.match(titre(p.corps), /autour de vous/);
  });

  it('« Appliquer les filtres » garde tous les paramètres de la recherche, les liens de page aussi', async () => {
    const params: [string, string][] = [
      ['q', 'EPN'], ['jour', 'lundi'], ['heure', '10:00'], ['rayon_km', '100'], ['typologie', 'EPN'], ['fraicheur', 'a_verifier'],
      ['itinerance', 'Fixe'], ['date_maj_min', '2020-01-01'], ['limite', '1'],
    ];
    const depart = `/lieux?adresse=Lyon&${new URLSearchParams(params)}`;
    let p = await get(depart);
    assert.equal(p.status, 200, p.corps);
    assert.deepEqual(noms(p.corps), ['EPN de Lyon']);
    for (const [n, v] of params) assert.ok(caches(p.corps).some(([a, b]) => a === n && b === v), `${n} repart caché`);
    const suivante = /href="([^"]*)"[^>]*>Lieux suivants/.exec(p.corps)?.[1];
    assert.ok(suivante, 'lien vers la page suivante');
    const lien = new URLSearchParams(desechapper(suivante).split('?')[1]);
    for (const [n, v] of params.filter(([n]) => n !== 'limite')) assert.equal(lien.get(n), v, `${n} dans le lien de page`);

    const url = soumission(p.corps, { cocher: [['services', 'Aide aux démarches administratives']] });
    const envoye = new URLSearchParams(url.split('?')[1]);
    for (const [n, v] of params) assert.deepEqual(envoye.getAll(n), [v], n);
    p = await get(url);
    assert.equal(p.status, 200);
    assert.match(titre(p.corps), /^2 lieux trouvés autour de Lyon/);
    assert.deepEqual(noms(p.corps), ['EPN de Lyon'], 'toujours une page d’un lieu');

    // Other facets than the visible ones, a repeated list and hostile values: kept, escaped.
    p = await get(`/lieux?adresse=Lyon&formations_labels=${encodeURIComponent('Formé à « DUPLEX » (illettrisme)')}&formations_labels=ORDI%203.0&q=${encodeURIComponent(XSS[1])}`);
    assert.equal(p.status, 200);
    assert.ok(!p.corps.includes(XSS[1]), 'valeur échappée');
    assert.deepEqual(caches(p.corps).filter(([n]) => n === 'formations_labels').map(([, v]) => v), ['Formé à « DUPLEX » (illettrisme)', 'ORDI 3.0']);
    assert.deepEqual(caches(p.corps).filter(([n]) => n === 'q').map(([, v]) => v), [XSS[1]]);
  });

  it('les critères cachés sont dits en clair près du formulaire, et chacun peut être retiré', async () => {
    const retraits = (page: string) =>
      [...page.matchAll(/<li>([^<]*) \(<a href="([^"]*)">(retirer)<span class="fr-sr-only">( [^<]*)<\/span><\/a>\)<\/li>/g)].map((m) => ({
        critere: desechapper(m[1]!),
        nomAccessible: desechapper(m[3]! + m[4]!),
        href: desechapper(m[2]!),
      }));
    let p = await get('/lieux?q=EPN&adresse=Lyon&limite=1');
    assert.match(p.corps, /Aussi dans cette recherche :/);
    let r = retraits(p.corps);
    assert.deepEqual(r.map((x) => x.critere), ['le texte « EPN »', 'la limite de 1 lieu par page']);
    assert.deepEqual(r.map((x) => x.nomAccessible), ['retirer le texte « EPN »', 'retirer la limite de 1 lieu par page']);

    p = await get(r[0]!.href);
    assert.equal(p.status, 200);
    assert.ok(!caches(p.corps).some(([n]) => n === 'q'), 'le texte retiré ne repart plus');
    assert.equal(champOu(p.corps), 'Lyon');
    assert.match(titre(p.corps), /^2 lieux trouvés autour de Lyon/);
    r = retraits(p.corps);
    assert.deepEqual(r.map((x) => x.critere), ['la limite de 1 lieu par page']);
    p = await get(r[0]!.href);
    assert.deepEqual(noms(p.corps), RHONE, 'sans la limite, toute la page');
    assert.doesNotMatch(p.corps, /Aussi dans cette recherche/);

    // The territory is in the « où » field, not in this list; a list and an unnamed parameter are said too.
    p = await get(`/lieux?departement=69&typologie=EPN&typologie=BIB&facettes=false&q=${encodeURIComponent(XSS[1])}`);
    assert.ok(!p.corps.includes(XSS[1]), 'valeur échappée');
    assert.deepEqual(retraits(p.corps).map((x) => x.critere), [`le texte « ${XSS[1]} »`, 'le filtre « Typologie » : EPN, BIB', 'le paramètre « facettes » : false']);
    assert.ok(retraits(p.corps).every((x) => new URLSearchParams(x.href.split('?')[1]).get('departement') === '69'));
  });

  it('une erreur sur un paramètre caché : le formulaire repart sans lui', async () => {
    const p = await get('/lieux?adresse=Lyon&jour=jamais&typologie=EPN');
    assert.equal(p.status, 400);
    assert.match(p.corps, /« jour » attend/);
    assert.ok(!caches(p.corps).some(([n]) => n === 'jour'));
    const r = await get(soumission(p.corps));
    assert.equal(r.status, 200);
    assert.deepEqual(noms(r.corps), RHONE);
  });

  it('recherche vide : un message invite à indiquer une commune, pas tous les lieux de France', async () => {
    for (const chemin of ['/lieux', '/lieux?adresse=', '/lieux?adresse=%20%20&lat=&lon=', '/lieux?adresse=&lat=&lon=&frais_a_charge=Gratuit', '/lieux?q=%20']) {
      const p = await get(chemin);
      assert.equal(p.status, 200, chemin);
      assert.deepEqual(noms(p.corps), [], `${chemin} : aucun lieu listé`);
      assert.match(p.corps, /<div class="fr-alert fr-alert--info[^"]*"[^>]*>[\s\S]*Indiquez une commune, un code postal ou une adresse/, chemin);
      assert.match(p.corps, /<input [^>]*id="adresse" name="adresse"/, `${chemin} : le champ est là`);
      assert.match(titre(p.corps), /Rechercher un lieu/);
    }
    const p = await get('/lieux?adresse=&frais_a_charge=Gratuit');
    assert.match(p.corps, /name="frais_a_charge" value="Gratuit" checked/, 'le filtre choisi reste coché');
    // A text alone is a search: the whole country, by relevance.
    assert.deepEqual(noms((await get('/lieux?q=Villeurbanne')).corps), ['EPN de Villeurbanne']);
  });

  it('un texte sans aucun mot n’est pas un texte : recherche vide, jamais renvoyé en champ caché', async () => {
    for (const chemin of ['/lieux?q=!!!&frais_a_charge=Gratuit', '/lieux?q=%00%00&adresse=&services=Aide%20aux%20d%C3%A9marches%20administratives', '/lieux?q=%20-%20&limite=5']) {
      const p = await get(chemin);
      assert.equal(p.status, 200, chemin);
      assert.deepEqual(noms(p.corps), [], `${chemin} : pas tous les lieux de France`);
      assert.match(p.corps, /Indiquez une commune, un code postal ou une adresse/, chemin);
      assert.ok(!caches(p.corps).some(([n]) => n === 'q'), `${chemin} : le texte ne repart pas`);
    }
    const p = await get('/lieux?adresse=Lyon&q=%00%00');
    assert.deepEqual(noms(p.corps), RHONE, 'à côté d’un lieu, le texte est ignoré comme par l’API');
    assert.ok(!caches(p.corps).some(([n]) => n === 'q'));
    assert.ok(!p.corps.includes('\0'));
    // Alone, the API's refusal explains it.
    const seul = await get('/lieux?q=!!!');
    assert.equal(seul.status, 400);
    assert.match(seul.corps, /ne contient aucun mot utilisable/);
  });
});
