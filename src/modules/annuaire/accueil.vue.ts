import { casesACocher } from '../../web/composants.ts';
import { h, type Html } from '../../web/layout.ts';
import { BESOINS_ACCUEIL, SERVICES } from './libelles.ts';

/** Home: one field, « Autour de moi », the main needs in plain words — one GET form to /lieux. */
export function vueAccueil(): Html {
  return h`<h1 class="fr-mt-4w">Trouver un lieu d’aide au numérique près de chez vous</h1>
<p class="fr-text--lead">Pour faire une démarche en ligne, apprendre à utiliser un ordinateur ou un téléphone, ou utiliser internet gratuitement.</p>
<form method="get" action="/lieux" aria-label="Rechercher un lieu">
<div class="fr-input-group">
<label class="fr-label" for="adresse">Où cherchez-vous ?<span class="fr-hint-text">Commune, code postal ou adresse. Par exemple : Roubaix, 59100 ou 3 place de la Mairie Roubaix</span></label>
<input class="fr-input" type="search" id="adresse" name="adresse" autocomplete="street-address">
</div>
<input type="hidden" name="lat" value=""><input type="hidden" name="lon" value="">
${casesACocher('services', 'De quoi avez-vous besoin ? (facultatif)', BESOINS_ACCUEIL.map((s) => ({ valeur: s, libelle: SERVICES[s] ?? s })), 'besoin')}
${casesACocher('frais_a_charge', 'Coût (facultatif)', [{ valeur: 'Gratuit', libelle: 'Seulement les lieux gratuits' }], 'cout')}
<ul class="fr-btns-group fr-btns-group--inline-sm">
<li><button class="fr-btn" type="submit">Rechercher</button></li>
<li><button class="fr-btn fr-btn--secondary" type="button" data-geoloc hidden>Autour de moi</button></li>
</ul>
<p class="fr-text--sm" data-geoloc-statut aria-live="polite"></p>
</form>
<h2 class="fr-h4 fr-mt-6w">Autres façons de trouver un lieu</h2>
<ul>
<li><a href="/territoires">Parcourir les lieux par région et département</a></li>
<li><a href="/api/v1/lieux.csv">Télécharger tous les lieux (fichier CSV au standard national)</a></li>
</ul>`;
}
