// `npm run bench:pages`: bytes transferred (compressed, headers included) for a first visit of the results page
// and for the next results page, measured by Chromium itself (devtools protocol, encodedDataLength).
// Everything a first visit loads counts: HTML, CSS bundle, our script, fonts, icons, favicon. Map tiles do not
// (the map loads only when asked for). Budget: ≤ 150 KB first visit, ≤ 20 KB per further page.
import { demarrerServeur, insererLieux, lancerNavigateur } from '../test/browser/outils.ts';
import { mesurerPoids } from '../test/browser/poids.ts';

const serveur = await demarrerServeur();
const navigateur = await lancerNavigateur();
try {
  // 40 realistic places around Roubaix: 20 per page, so there is a next page.
  await insererLieux(serveur.deps.database.db, Array.from({ length: 40 }, (_, i) => ({
    id: `b${i}`, nom: `Espace public numérique de la médiathèque ${i + 1}`, commune: 'Roubaix', code_postal: '59100', code_insee: '59512',
    adresse: `${i + 1} boulevard du Général de Gaulle`, latitude: 50.69 + i / 1000, longitude: 3.18 + i / 1000,
    services: ['Aide aux démarches administratives', 'Maîtrise des outils numériques du quotidien', 'Accès internet et matériel informatique'],
    frais: i % 3 === 0 ? ['Payant'] : ['Gratuit'],
  })));
  await serveur.deps.recherche.rafraichir();
  const premiere = `${serveur.url}/lieux?adresse=Roubaix`;
  const page = await navigateur.newPage();
  await page.goto(premiere);
  const suivante = serveur.url + ((await page.getAttribute('a.fr-pagination__link--next', 'href')) ?? '');
  await page.close();
  const m = await mesurerPoids(navigateur, premiere, suivante);
  const ko = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log('Première visite de /lieux?adresse=Roubaix (cache vide) :');
  for (const r of m.premiere.ressources.filter((x) => !x.url.startsWith("data:"))) console.log(`  ${ko(r.octets).padStart(9)}  ${r.encodage.padEnd(6)} ${r.url.replace(serveur.url, '')}`);
  console.log(`  ${ko(m.premiere.total).padStart(9)}  total (budget 150 KB)`);
  console.log('Page de résultats suivante (même session) :');
  for (const r of m.suivante.ressources.filter((x) => !x.url.startsWith("data:"))) console.log(`  ${ko(r.octets).padStart(9)}  ${r.encodage.padEnd(6)} ${r.url.replace(serveur.url, '')}`);
  console.log(`  ${ko(m.suivante.total).padStart(9)}  total (budget 20 KB)`);
  if (m.premiere.total > 150 * 1024 || m.suivante.total > 20 * 1024) process.exitCode = 1;
} finally {
  await navigateur.close();
  await serveur.fermer();
}
