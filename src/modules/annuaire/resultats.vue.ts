import { ENUMERATIONS, titreChamp } from '../lieux/standard/schema.ts';
import { CHAMPS_FACETTES } from '../recherche/facettes.index.ts';
import { PARAMETRES } from '../recherche/recherche.schema.ts';
import { badge, boutonsRadio, casesACocher } from '../../web/composants.ts';
import { h, vide, type Html } from '../../web/layout.ts';
import type { StaticAssets } from '../../web/static.ts';
import type { PageResultats, ResultatAffiche } from './annuaire.donnees.ts';
import { FRAIS, MODALITES_ACCES, MODALITES_ACCOMPAGNEMENT, PRISE_EN_CHARGE, PUBLICS, SERVICES, libelle } from './libelles.ts';

const DISPOSITIFS: Readonly<Record<string, string>> = Object.fromEntries(ENUMERATIONS.dispositif_programmes_nationaux.map((v) => [v, v]));

/** The filters of the results page: one GET parameter per standard field, values as in the standard. */
export const FILTRES = [
  { champ: 'services', legende: 'Pour quoi avez-vous besoin d’aide ?', libelles: SERVICES },
  { champ: 'frais_a_charge', legende: 'Coût', libelles: FRAIS },
  { champ: 'modalites_acces', legende: 'Comment y aller', libelles: MODALITES_ACCES },
  { champ: 'modalites_accompagnement', legende: 'Comment on vous aide', libelles: MODALITES_ACCOMPAGNEMENT },
  { champ: 'publics_specifiquement_adresses', legende: 'Public', libelles: PUBLICS },
  { champ: 'prise_en_charge_specifique', legende: 'Accueil adapté', libelles: PRISE_EN_CHARGE },
  { champ: 'dispositif_programmes_nationaux', legende: 'Dispositifs et labels', libelles: DISPOSITIFS },
] as const;

export type Requete = Record<string, string | string[]>;

const valeurs = (q: Requete, nom: string): string[] => {
  const v = q[nom];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};
export const premiere = (q: Requete, nom: string): string => valeurs(q, nom)[0] ?? '';
/** The values of a list parameter, which the API also takes as `a|b`. */
const choix = (q: Requete, nom: string): string[] => valeurs(q, nom).flatMap((v) => v.split('|')).map((v) => v.trim());
const oui = (q: Requete, nom: string): boolean => ['oui', 'true', '1'].includes(premiere(q, nom));

export function sauf(q: Requete, noms: readonly string[]): Requete {
  return Object.fromEntries(Object.entries(q).filter(([k]) => !noms.includes(k)));
}

/** The point (« Autour de moi ») and the territories (browse pages) a results page can be reached with. */
export const POINT = ['lat', 'lon'] as const;
export const TERRITOIRES = ['commune', 'code_postal', 'departement', 'region'] as const;

const distance = (km: number) => (km < 1 ? `${Math.round(km * 1000)} m` : `${km.toFixed(km < 10 ? 1 : 0).replace('.', ',')} km`);

const JOURS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
/** '2026-11-24T09:00:00+01:00' → 'mardi à 9 h' (the wall time is in the string itself). */
export function prochaineLisible(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (!m) return iso;
  const jour = JOURS[new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay()];
  return `${jour} à ${Number(m[4])} h${m[5] === '00' ? '' : ` ${m[5]}`}`;
}

function item(r: ResultatAffiche): Html {
  const l = r.lieu;
  const gratuit = l.frais_a_charge?.includes('Gratuit');
  return h`<li>
<h3 class="fr-h6"><a href="/lieux/${l.uid}">${l.nom}</a></h3>
<p class="fr-mb-1v">${l.adresse}, ${l.code_postal} ${l.commune}${r.distanceKm !== undefined ? h` — <strong>à ${distance(r.distanceKm)}</strong>` : vide}</p>
<ul class="mj-meta">
${r.ouvertMaintenant === true ? h`<li>${badge('Ouvert maintenant', 'fr-badge--success fr-badge--no-icon')}</li>` : vide}
${r.ouvertMaintenant === false ? h`<li>${badge(r.prochaineOuverture ? `Fermé — ouvre ${prochaineLisible(r.prochaineOuverture)}` : 'Fermé', 'fr-badge--no-icon')}</li>` : vide}
${gratuit ? h`<li>${badge('Gratuit', 'fr-badge--info fr-badge--no-icon')}</li>` : l.frais_a_charge?.length ? h`<li>${badge(l.frais_a_charge.map((f) => libelle(FRAIS, f)).join(', '), 'fr-badge--no-icon')}</li>` : vide}
${l.demo ? h`<li>${badge('Lieu fictif (démonstration)', 'fr-badge--warning fr-badge--no-icon')}</li>` : vide}
</ul>
${l.services?.length ? h`<p class="fr-text--sm fr-mb-0">${l.services.map((s) => libelle(SERVICES, s)).join(' · ')}</p>` : vide}
</li>`;
}

/** Query string for a link, keeping every current parameter except the ones replaced. */
export function lienRequete(q: Requete, changes: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (!(k in changes)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  for (const [k, v] of Object.entries(changes)) if (v !== undefined) p.set(k, v);
  const s = p.toString();
  return s ? `/lieux?${s}` : '/lieux';
}

const LISTES = new Set<string>([...CHAMPS_FACETTES, 'typologie']);
/** Parameters the form shows as fields: what is ticked there is the whole value, unticked means absent. */
const VISIBLES = new Set<string>(['adresse', 'ouvert', 'rdv_en_ligne', 'fiche_acces_libre', ...FILTRES.map((f) => f.champ)]);
/**
 * Every other parameter of the search goes back hidden, so « Appliquer les filtres » narrows the current search
 * instead of starting another; but not the cursor (new filters start at the first page) nor the API's format.
 * lat and lon are always there, empty or not: app.js fills them for « Autour de moi ».
 */
const CACHES = PARAMETRES.filter((n) => !VISIBLES.has(n) && !(POINT as readonly string[]).includes(n) && n !== 'curseur' && n !== 'format');

/** Lists whole, a scalar once: the API refuses a repeated scalar. */
const valeursCachees = (q: Requete, n: string) => (LISTES.has(n) ? valeurs(q, n) : valeurs(q, n).slice(0, 1));

function champsCaches(q: Requete): Html[] {
  return [
    ...POINT.map((n) => h`<input type="hidden" name="${n}" value="${premiere(q, n)}">`),
    ...CACHES.flatMap((n) => valeursCachees(q, n).map((v) => h`<input type="hidden" name="${n}" value="${v}">`)),
  ];
}

const court = (v: string) => (v.length > 60 ? `${v.slice(0, 60)}…` : v);
const CRITERES: Readonly<Record<string, (v: string) => string>> = {
  q: (v) => `le texte « ${v} »`,
  rayon_km: (v) => `le rayon de ${v.replace('.', ',')} km`,
  k: (v) => `la limite aux ${v} lieux les plus proches`,
  jour: (v) => `l’ouverture le ${v}`,
  heure: (v) => `l’ouverture à ${v}`,
  date_maj_min: (v) => `les fiches mises à jour depuis le ${v}`,
  fraicheur: (v) => (v === 'a_jour' ? 'les fiches à jour (moins de 12 mois)' : v === 'a_verifier' ? 'les fiches de moins de 18 mois' : `la fraîcheur « ${v} »`),
  limite: (v) => `la limite de ${v} ${v === '1' ? 'lieu' : 'lieux'} par page`,
};

/**
 * The hidden fields narrow every new search, so they are shown and each can be removed; otherwise a search
 * reached with ?q=EPN&limite=1 keeps them for good, and « enlever un filtre » cannot be done. The territories are
 * left out: the « où » field shows them and replaces them.
 */
function criteresCaches(q: Requete): Html {
  const criteres = CACHES.filter((n) => !(TERRITOIRES as readonly string[]).includes(n) && valeursCachees(q, n).length).map((n) => {
    const v = court(valeursCachees(q, n).join(', '));
    const texte = CRITERES[n]?.(v) ?? (LISTES.has(n) ? `le filtre « ${titreChamp(n)} » : ${v}` : `le paramètre « ${n} » : ${v}`);
    return h`<li>${texte} (<a href="${lienRequete(q, { [n]: undefined, curseur: undefined })}">retirer<span class="fr-sr-only"> ${texte}</span></a>)</li>`;
  });
  return criteres.length ? h`<p class="fr-text--sm fr-mb-1v">Aussi dans cette recherche :</p>
<ul class="fr-text--sm">${criteres}</ul>` : vide;
}

export interface OptionsFormulaire {
  /** The message of an invalid « où », shown at the field. */
  erreur?: string | undefined;
  /** The name of the point or territory of the search, shown in the field when nothing was typed. */
  libelleOu?: string | undefined;
}

export function formulaireRecherche(q: Requete, facettes: PageResultats['facettes'] | null, o: OptionsFormulaire = {}): Html {
  const { erreur } = o;
  const actifs = FILTRES.reduce((n, f) => n + choix(q, f.champ).length, 0) + (premiere(q, 'ouvert') ? 1 : 0) + ['rdv_en_ligne', 'fiche_acces_libre'].filter((n) => oui(q, n)).length;
  return h`<form method="get" action="/lieux" class="mj-filtres" aria-label="Rechercher un lieu">
<div class="fr-input-group">
<label class="fr-label" for="adresse">Commune, code postal ou adresse<span class="fr-hint-text">Par exemple : Lyon, 69003 ou 10 rue de la République Lyon</span></label>
<input class="fr-input${erreur ? ' fr-input--error' : ''}" type="search" id="adresse" name="adresse" value="${premiere(q, 'adresse') || o.libelleOu || ''}" autocomplete="street-address"${erreur ? h` aria-describedby="adresse-erreur" aria-invalid="true"` : vide}>
${erreur ? h`<p class="fr-error-text" id="adresse-erreur">${erreur}</p>` : vide}
</div>
${champsCaches(q)}
<ul class="fr-btns-group fr-btns-group--inline-sm">
<li><button class="fr-btn" type="submit">Rechercher</button></li>
<li><button class="fr-btn fr-btn--secondary" type="button" data-geoloc hidden>Autour de moi</button></li>
</ul>
<p class="fr-text--sm" data-geoloc-statut aria-live="polite"></p>
${criteresCaches(q)}
<details class="fr-mb-3w"${actifs ? h` open` : vide}><summary class="fr-text--bold">Affiner la recherche${actifs ? ` (${actifs} filtre${actifs > 1 ? 's' : ''} choisi${actifs > 1 ? 's' : ''})` : ''}</summary>
<div class="fr-grid-row fr-grid-row--gutters">
<div class="fr-col-12 fr-col-md-6 fr-col-lg-4">${boutonsRadio('ouvert', 'Quand', [
    { valeur: '', libelle: 'Peu importe', coche: !premiere(q, 'ouvert') },
    { valeur: 'maintenant', libelle: 'Ouvert maintenant', coche: premiere(q, 'ouvert') === 'maintenant' },
    { valeur: 'week-end', libelle: 'Ouvert le week-end', coche: premiere(q, 'ouvert') === 'week-end' },
  ])}</div>
<div class="fr-col-12 fr-col-md-6 fr-col-lg-4">${casesACocher('rdv_en_ligne', 'Rendez-vous', [{ valeur: 'oui', libelle: 'Rendez-vous en ligne possible', coche: oui(q, 'rdv_en_ligne') }])}
${casesACocher('fiche_acces_libre', 'Accessibilité du bâtiment', [{ valeur: 'oui', libelle: 'Avec une fiche d’accessibilité (acceslibre)', coche: oui(q, 'fiche_acces_libre') }])}</div>
${FILTRES.map((f) => {
    const choisis = choix(q, f.champ);
    const comptes = facettes?.[f.champ];
    return h`<div class="fr-col-12 fr-col-md-6 fr-col-lg-4">${casesACocher(
      f.champ,
      f.legende,
      Object.entries(f.libelles).map(([valeur, lib]) => ({ valeur, libelle: lib, compte: comptes ? (comptes[valeur] ?? 0) : undefined, coche: choisis.includes(valeur) })),
    )}</div>`;
  })}
</div>
<button class="fr-btn" type="submit">Appliquer les filtres</button>
</details>
</form>`;
}

/**
 * The search could not run (unknown address, bad parameter): the form again, with the message at the field. A
 * hidden parameter in error is left out of the form, or sending it again would fail again.
 */
export function vueRechercheInvalide(q: Requete, message: string, champ?: string): Html {
  const retenue = champ && !VISIBLES.has(champ) ? sauf(q, (POINT as readonly string[]).includes(champ) ? POINT : [champ]) : q;
  return h`<h1 class="fr-h2 fr-mt-3w">Rechercher un lieu</h1>
<div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert"><p>${message}</p></div>
${formulaireRecherche(retenue, null, { erreur: champ === 'adresse' ? message : undefined })}`;
}

/** Neither a place nor a text: listing every place of France would help no one. */
export function vueRechercheVide(q: Requete): Html {
  return h`<h1 class="fr-h2 fr-mt-3w">Rechercher un lieu</h1>
<div class="fr-alert fr-alert--info fr-mb-3w"><h2 class="fr-alert__title">Où cherchez-vous ?</h2>
<p>Indiquez une commune, un code postal ou une adresse dans le champ ci-dessous, puis choisissez « Rechercher ». Vous pouvez aussi <a href="/territoires">parcourir les lieux par région et département</a>.</p></div>
${formulaireRecherche(q, null)}`;
}

export function vueResultats(q: Requete, r: PageResultats, assets: StaticAssets, urlGeojson: string, styleCarte: string, libelleOu?: string): Html {
  const autour = premiere(q, 'lat') && !premiere(q, 'adresse') ? 'vous' : r.origine;
  const titre = `${r.total} ${r.total > 1 ? 'lieux trouvés' : 'lieu trouvé'}${autour ? ` autour de ${autour}` : ''}`;
  const curseur = premiere(q, 'curseur');
  return h`<h1 class="fr-h2 fr-mt-3w">${titre}</h1>
${formulaireRecherche(q, r.facettes, { libelleOu })}
<h2 class="fr-h4" id="resultats">Résultats</h2>
${r.resultats.length
    ? h`<ul class="mj-resultats">${r.resultats.map(item)}</ul>`
    : h`<p>Aucun lieu ne correspond. Essayez d’enlever un filtre ou de chercher une commune voisine.</p>`}
${r.resultats.length && r.total > r.resultats.length ? h`<p class="fr-text--sm">${r.resultats.length} lieux affichés sur ${r.total}${premiere(q, 'lat') || r.origine ? ', du plus proche au plus loin' : ''}.</p>` : vide}
${curseur || r.curseurSuivant ? h`<nav role="navigation" class="fr-pagination fr-mt-3w" aria-label="Pagination"><ul class="fr-pagination__list">
${curseur ? h`<li><a class="fr-pagination__link fr-pagination__link--first" href="${lienRequete(q, { curseur: undefined })}">Premiers lieux</a></li>` : vide}
${r.curseurSuivant ? h`<li><a class="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label" href="${lienRequete(q, { curseur: r.curseurSuivant })}">Lieux suivants</a></li>` : vide}
</ul></nav>` : vide}
${r.resultats.length ? h`<div class="fr-mt-4w mj-pas-imprime">
<button class="fr-btn fr-btn--tertiary" type="button" data-carte-bouton hidden>Afficher la carte</button>
<p class="fr-text--sm" data-carte-statut aria-live="polite"></p>
<div class="mj-carte" hidden data-carte data-style="${styleCarte}" data-geojson="${urlGeojson}" data-maplibre-js="${assets.maplibreJs}" data-maplibre-css="${assets.maplibreCss}" role="region" aria-label="Carte des lieux (la liste ci-dessus contient les mêmes lieux)"></div>
</div>` : vide}`;
}
