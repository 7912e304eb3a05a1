import { champ } from '../../web/composants.ts';
import { h, vide, type Html } from '../../web/layout.ts';
import type { LieuAffiche } from './annuaire.donnees.ts';
import { horairesLisibles } from './horaires.vue.ts';
import { FRAIS, MODALITES_ACCES, SERVICES, dateLisible, libelle } from './libelles.ts';
import { adresse, contacts, tableHoraires } from './lieu.vue.ts';

/** The essentials of a place on one printed page (print CSS hides the header, footer and buttons). */
function essentiel(l: LieuAffiche, urlPartage: string): Html {
  const hl = horairesLisibles(l.horaires, l.code_insee, l.code_postal);
  return h`<h2 class="fr-h3">${l.nom}</h2>
${adresse(l)}
${contacts(l)}
<h3 class="fr-h6">Horaires</h3>
${tableHoraires(hl, l.horaires)}
<h3 class="fr-h6">Ce que vous pouvez y faire</h3>
<p>${l.services?.length ? l.services.map((s) => libelle(SERVICES, s)).join(' · ') : 'Non renseigné.'}</p>
<p><strong>Coût :</strong> ${l.frais_a_charge?.length ? l.frais_a_charge.map((f) => libelle(FRAIS, f)).join(', ') : 'non renseigné'}.
${l.modalites_acces?.length ? h`<strong>Pour y aller :</strong> ${l.modalites_acces.map((m) => libelle(MODALITES_ACCES, m)).join(', ')}.` : vide}</p>
<p class="fr-text--sm">Informations mises à jour le ${dateLisible(l.date_maj)}. Fiche en ligne : ${urlPartage}</p>`;
}

const boutonImprimer = h`<p class="mj-pas-imprime"><button class="fr-btn" type="button" data-imprimer hidden>Imprimer</button>
<span class="fr-text--sm"> Ou utilisez la commande « Imprimer » de votre navigateur.</span></p>`;

export function vueImpression(l: LieuAffiche, urlPartage: string): Html {
  return h`<h1 class="fr-h4 fr-mt-3w mj-pas-imprime">Fiche à imprimer</h1>
${boutonImprimer}
<section class="mj-fiche" aria-label="Fiche du lieu">${essentiel(l, urlPartage)}</section>`;
}

export interface Orientation {
  beneficiaire: string;
  prescripteur: string;
  structure: string;
  date: string;
  motif: string;
}

/**
 * The orientation sheet: a prescriber types the names, prints, and nothing is stored (the page is
 * no-store and the names travel only in this GET's query string, which the server does not log).
 */
export function vueOrientation(l: LieuAffiche, urlPartage: string, o: Orientation, remplie: boolean): Html {
  return h`<h1 class="fr-h3 fr-mt-3w">Fiche d’orientation</h1>
<p class="mj-pas-imprime">Remplissez les champs, affichez la fiche puis imprimez-la. Rien n’est enregistré : les noms ne restent que sur cette page.</p>
<form method="get" class="mj-pas-imprime" aria-label="Informations de la fiche d’orientation">
${champ({ nom: 'beneficiaire', libelle: 'Personne orientée', aide: 'Nom et prénom', valeur: o.beneficiaire, autocomplete: 'off', maxlength: 120 })}
${champ({ nom: 'prescripteur', libelle: 'Orientée par', aide: 'Nom de la personne qui oriente', valeur: o.prescripteur, autocomplete: 'off', maxlength: 120 })}
${champ({ nom: 'structure', libelle: 'Structure', aide: 'Par exemple : CCAS de Roubaix', valeur: o.structure, autocomplete: 'organization', maxlength: 120 })}
${champ({ nom: 'date', libelle: 'Date', type: 'date', valeur: o.date })}
${champ({ nom: 'motif', libelle: 'Besoin de la personne (facultatif)', valeur: o.motif, multiligne: true, maxlength: 500 })}
<button class="fr-btn" type="submit">Afficher la fiche remplie</button>
</form>
${remplie ? boutonImprimer : vide}
<section class="mj-fiche fr-mt-4w" aria-label="Fiche d’orientation à imprimer">
<h2 class="fr-h4">Orientation vers un lieu d’aide au numérique</h2>
<dl>
<dt>Personne orientée</dt><dd>${o.beneficiaire || h`<div class="mj-ligne"></div>`}</dd>
<dt>Orientée par</dt><dd>${o.prescripteur || h`<div class="mj-ligne"></div>`}${o.structure ? ` — ${o.structure}` : ''}</dd>
<dt>Date</dt><dd>${o.date ? dateLisible(o.date) : h`<div class="mj-ligne"></div>`}</dd>
${o.motif ? h`<dt>Besoin</dt><dd>${o.motif}</dd>` : vide}
</dl>
${essentiel(l, urlPartage)}
</section>`;
}
