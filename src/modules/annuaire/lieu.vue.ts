import { titreChamp } from '../lieux/standard/schema.ts';
import { badge } from '../../web/composants.ts';
import { h, vide, type Html } from '../../web/layout.ts';
import type { Fraicheur, LieuAffiche, ProvenanceAffichee } from './annuaire.donnees.ts';
import { vueProvenance } from './provenance.vue.ts';
import { horairesLisibles, type HorairesLisibles } from './horaires.vue.ts';
import {
  FRAICHEUR, FRAIS, ITINERANCE, MODALITES_ACCES, MODALITES_ACCOMPAGNEMENT, PRISE_EN_CHARGE, PUBLICS, SERVICES,
  TYPOLOGIES, completude, dateLisible, libelle, telephoneLisible,
} from './libelles.ts';

const liste = (valeurs: readonly string[] | null, table: Readonly<Record<string, string>>): Html =>
  valeurs?.length ? h`<ul>${valeurs.map((v) => h`<li>${libelle(table, v)}</li>`)}</ul>` : h`<p>Non renseigné.</p>`;

/** Only http(s) links become links: a `javascript:` URL in a source file must never be clickable. */
export const urlSure = (u: string | null | undefined): string | null => (u && /^https?:\/\/[^\s"'<>]+$/i.test(u) ? u : null);

export function tableHoraires(hl: HorairesLisibles | null, brut: string | null): Html {
  if (!hl) return h`<p>Horaires non renseignés : appelez avant de vous déplacer.</p>`;
  if (!hl.compris) return h`<p>Horaires indiqués par la source : ${brut}</p>`;
  // « Open now » is true only on screen: a printed sheet keeps the week's table.
  return h`<p class="mj-pas-imprime"><strong>${hl.etat}</strong></p>
<table class="mj-horaires"><caption class="fr-sr-only">Horaires de la semaine</caption>
<thead><tr><th scope="col">Jour</th><th scope="col">Horaires</th></tr></thead>
<tbody>${hl.semaine.map((j) => h`<tr${j.aujourdhui ? h` class="mj-aujourdhui"` : vide}><th scope="row">${j.jour}${j.aujourdhui ? ' (aujourd’hui)' : ''}</th><td>${j.plages.length ? j.plages.join(', ') : 'Fermé'}</td></tr>`)}</tbody>
</table>`;
}

export function contacts(l: LieuAffiche): Html {
  const sites = (l.site_web ?? []).map(urlSure).filter((u): u is string => !!u);
  const rdv = urlSure(l.prise_rdv);
  return h`<ul>
${l.telephone ? h`<li>Téléphone : <a href="tel:${l.telephone}">${telephoneLisible(l.telephone)}</a></li>` : vide}
${(l.courriels ?? []).map((c) => h`<li>Courriel : <a href="mailto:${c}">${c}</a></li>`)}
${sites.map((s) => h`<li>Site : <a href="${s}" rel="noopener">${s}</a></li>`)}
${rdv ? h`<li><a href="${rdv}" rel="noopener">Prendre rendez-vous en ligne</a></li>` : vide}
${!l.telephone && !l.courriels?.length && !sites.length && !rdv ? h`<li>Aucun contact renseigné.</li>` : vide}
</ul>`;
}

export function adresse(l: LieuAffiche): Html {
  return h`<p>${l.adresse}${l.complement_adresse ? h`<br>${l.complement_adresse}` : vide}<br>${l.code_postal} ${l.commune}</p>`;
}

export function vueLieu(l: LieuAffiche, fraicheur: Fraicheur, urlPartage: string, provenance?: ProvenanceAffichee): Html {
  const hl = horairesLisibles(l.horaires, l.code_insee, l.code_postal);
  const f = FRAICHEUR[fraicheur];
  const { score, manquants } = completude(l);
  const accesLibre = urlSure(l.fiche_acces_libre);
  const labels = [...(l.dispositif_programmes_nationaux ?? []), ...(l.formations_labels ?? []), ...(l.autres_formations_labels ?? [])];
  const itineraire = l.latitude !== null && l.longitude !== null
    ? `https://www.openstreetmap.org/directions?to=${l.latitude}%2C${l.longitude}`
    : `https://www.openstreetmap.org/search?query=${encodeURIComponent(`${l.adresse} ${l.code_postal} ${l.commune}`)}`;
  return h`<h1 class="fr-mt-3w">${l.nom}</h1>
<ul class="mj-meta">
${hl?.compris ? h`<li>${badge(hl.ouvert ? 'Ouvert maintenant' : 'Fermé maintenant', hl.ouvert ? 'fr-badge--success fr-badge--no-icon' : 'fr-badge--no-icon')}</li>` : vide}
${(l.frais_a_charge ?? []).map((v) => h`<li>${badge(libelle(FRAIS, v), v === 'Gratuit' ? 'fr-badge--info fr-badge--no-icon' : 'fr-badge--no-icon')}</li>`)}
<li>${badge(f.libelle, f.classe)}</li>
${l.demo ? h`<li>${badge('Lieu fictif (démonstration)', 'fr-badge--warning fr-badge--no-icon')}</li>` : vide}
</ul>
${fraicheur !== 'a_jour' ? h`<div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-3w"><p>${f.explication}</p></div>` : vide}
${l.presentation_resume ? h`<p class="fr-text--lead">${l.presentation_resume}</p>` : vide}
${l.typologie?.length ? h`<p>Type de lieu : ${l.typologie.map((t) => libelle(TYPOLOGIES, t)).join(', ')}</p>` : vide}

<div class="fr-grid-row fr-grid-row--gutters">
<div class="fr-col-12 fr-col-md-6">
<h2 class="fr-h4">Adresse</h2>
${adresse(l)}
${l.itinerance?.length ? h`<p>${l.itinerance.map((v) => libelle(ITINERANCE, v)).join(', ')}</p>` : vide}
<p><a href="${itineraire}" rel="noopener">Voir l’itinéraire (OpenStreetMap)</a></p>
<h2 class="fr-h4">Contact</h2>
${contacts(l)}
</div>
<div class="fr-col-12 fr-col-md-6">
<h2 class="fr-h4">Horaires</h2>
${tableHoraires(hl, l.horaires)}
</div>
</div>

<h2 class="fr-h4">Ce que vous pouvez y faire</h2>
${liste(l.services, SERVICES)}
<h2 class="fr-h4">Comment y aller</h2>
${liste(l.modalites_acces, MODALITES_ACCES)}
<h2 class="fr-h4">Comment on vous aide</h2>
${liste(l.modalites_accompagnement, MODALITES_ACCOMPAGNEMENT)}
<h2 class="fr-h4">Publics et accueil adapté</h2>
${l.publics_specifiquement_adresses?.length || l.prise_en_charge_specifique?.length
    ? h`<ul>${(l.publics_specifiquement_adresses ?? []).map((v) => h`<li>${libelle(PUBLICS, v)}</li>`)}${(l.prise_en_charge_specifique ?? []).map((v) => h`<li>${libelle(PRISE_EN_CHARGE, v)}</li>`)}</ul>`
    : h`<p>Tout public.</p>`}
<h2 class="fr-h4">Accessibilité du bâtiment</h2>
${accesLibre
    ? h`<p><a href="${accesLibre}" rel="noopener">Voir la fiche d’accessibilité sur acceslibre</a> (entrée, stationnement, accueil).</p>`
    : h`<p>Pas de fiche d’accessibilité. Vous pouvez en chercher une sur <a href="https://acceslibre.beta.gouv.fr/" rel="noopener">acceslibre.beta.gouv.fr</a> ou appeler le lieu.</p>`}
<h2 class="fr-h4">Labels et dispositifs</h2>
${labels.length ? h`<ul>${labels.map((v) => h`<li>${v}</li>`)}</ul>` : h`<p>Aucun renseigné.</p>`}
${l.presentation_detail ? h`<h2 class="fr-h4">Présentation</h2><p>${l.presentation_detail}</p>` : vide}

<h2 class="fr-h4">Sources et mise à jour</h2>
<ul>
<li>Mis à jour le ${dateLisible(l.date_maj)} — ${f.libelle.toLowerCase()}.</li>
${l.source ? h`<li>Donnée collectée par : ${l.source}</li>` : vide}
${l.structure_parente ? h`<li>Structure parente : ${l.structure_parente}</li>` : vide}
<li>Identifiant SIRET ou RNA : ${l.pivot}</li>
<li>Complétude de la fiche : <span class="mj-score">${score} %</span>${manquants.length ? h` (manque : ${manquants.map((c) => titreChamp(c).toLowerCase()).join(', ')})` : vide}</li>
<li><a href="/api/v1/lieux/${l.uid}">Données de ce lieu au format du standard (JSON)</a></li>
</ul>
${provenance ? vueProvenance(provenance, `/api/v1/lieux/${l.uid}/provenance`) : vide}

<h2 class="fr-h4">Partager, imprimer, signaler</h2>
<div class="fr-input-group">
<label class="fr-label" for="lien-partage">Lien vers cette page</label>
<input class="fr-input" id="lien-partage" type="text" readonly value="${urlPartage}">
</div>
<p><button class="fr-btn fr-btn--secondary fr-btn--sm" type="button" data-copier="${urlPartage}" aria-describedby="copie-statut" hidden>Copier le lien</button> <span id="copie-statut" aria-live="polite"></span></p>
<ul class="fr-btns-group fr-btns-group--inline-md">
<li><a class="fr-btn fr-btn--secondary" href="/lieux/${l.uid}/imprimer">Imprimer la fiche du lieu</a></li>
<li><a class="fr-btn fr-btn--secondary" href="/lieux/${l.uid}/orientation">Préparer une fiche d’orientation</a></li>
<li><a class="fr-btn fr-btn--secondary" href="mailto:?subject=${encodeURIComponent(`Lieu d’aide au numérique : ${l.nom}`)}&amp;body=${encodeURIComponent(urlPartage)}">Envoyer par courriel</a></li>
<li><a class="fr-btn fr-btn--tertiary" href="/lieux/${l.uid}/signaler">Signaler une erreur</a></li>
</ul>`;
}
