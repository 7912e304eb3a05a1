import { titreChamp } from '../lieux/standard/schema.ts';
import { h, vide, type Html } from '../../web/layout.ts';
import type { ProvenanceAffichee } from './annuaire.donnees.ts';
import { dateLisible } from './libelles.ts';

/** « A », « A et B », « A, B et C ». */
const enumerer = (noms: readonly string[]): string =>
  noms.length < 2 ? (noms[0] ?? '') : `${noms.slice(0, -1).join(', ')} et ${noms[noms.length - 1]}`;

/** A version's instant as a calendar date in France (date_maj is a French calendar date too). */
const jourParis = (iso: string): string =>
  new Intl.DateTimeFormat('fr-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));

const ACTIONS: Readonly<Record<string, string>> = {
  modifier: 'modification',
  confirmer: 'informations confirmées',
  fermer: 'lieu déclaré fermé',
};

/** The record's id inside its source says nothing to a visitor (the JSON keeps it). */
const TECHNIQUES = new Set(['id']);

/** The page lists the latest changes only; the JSON gives all of them. */
const VERSIONS_AFFICHEES = 10;

function historique(p: ProvenanceAffichee, urlJson: string): Html {
  if (!p.versions.length) return vide;
  const champs = (v: ProvenanceAffichee['versions'][number]) => v.champs.filter((c) => c !== 'date_maj').map((c) => titreChamp(c).toLowerCase());
  return h`<h2 class="fr-h4">Historique des modifications</h2>
<ul>${p.versions.slice(0, VERSIONS_AFFICHEES).map((v) => {
    const liste = v.action === 'modifier' ? champs(v) : [];
    return h`<li>Le ${dateLisible(jourParis(v.date))}, par ${v.auteur} : ${ACTIONS[v.action] ?? v.action}${liste.length ? ` (${liste.join(', ')})` : ''}.</li>`;
  })}</ul>
${p.versions.length > VERSIONS_AFFICHEES ? h`<p>Les ${p.versions.length} modifications sont dans les <a href="${urlJson}">données de provenance (JSON)</a>.</p>` : vide}`;
}

/**
 * « Informations issues de … »: the sources of the place with the date of their data; when several records of
 * the same place were merged, which source each piece of information came from; then the managers' changes.
 */
export function vueProvenance(p: ProvenanceAffichee, urlJson: string): Html {
  const noms = [...new Set(p.sources.map((s) => s.nom))];
  const fusion = p.sources.length > 1;
  return h`<h2 class="fr-h4" id="provenance">Informations issues de ${enumerer(noms)}</h2>
${fusion
    ? h`<p>Ce lieu est publié par plusieurs sources ; leurs fiches ont été rassemblées :</p>
<ul>${p.sources.map((s) => h`<li>${s.nom} — données du ${dateLisible(s.date_maj)}</li>`)}</ul>
<div class="fr-table"><table><caption>Source de chaque information de la fiche rassemblée</caption>
<thead><tr><th scope="col">Information</th><th scope="col">Source</th><th scope="col">Date des données</th></tr></thead>
<tbody>${p.champs.filter((c) => !TECHNIQUES.has(c.champ)).map((c) => h`<tr><th scope="row">${titreChamp(c.champ)}</th><td>${enumerer([...new Set(c.origines.map((o) => o.nom))])}</td><td>${enumerer([...new Set(c.origines.map((o) => dateLisible(o.date_maj)))])}</td></tr>`)}</tbody>
</table></div>`
    : h`<p>${p.sources.map((s) => h`Données de ${s.nom} du ${dateLisible(s.date_maj)}.`)}</p>`}
<p><a href="${urlJson}">Provenance de chaque information (JSON)</a></p>
${historique(p, urlJson)}`;
}
