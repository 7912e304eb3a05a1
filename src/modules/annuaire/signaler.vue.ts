import { boutonsRadio, champ } from '../../web/composants.ts';
import { h, vide, type Html } from '../../web/layout.ts';
import { TYPES_SIGNALEMENT } from '../signalements/signalement.ts';
import type { LieuAffiche } from './annuaire.donnees.ts';

export interface SaisieSignalement {
  type?: string | undefined;
  message?: string | undefined;
  contact?: string | undefined;
}

/** « Signaler une erreur »: a POST form, stored for the place's managers. Errors keep what was typed. */
export function vueSignaler(l: LieuAffiche, saisie: SaisieSignalement, erreurs: Record<string, string>, csrf: Html = vide): Html {
  const nbErreurs = Object.keys(erreurs).length;
  return h`<h1 class="fr-h3 fr-mt-3w">Signaler une erreur sur « ${l.nom} »</h1>
${nbErreurs
    ? h`<div class="fr-alert fr-alert--error fr-mb-3w" role="alert"><h2 class="fr-alert__title">Le formulaire contient ${nbErreurs > 1 ? `${nbErreurs} erreurs` : 'une erreur'}</h2>
<ul>${Object.entries(erreurs).map(([c, m]) => h`<li><a href="#champ-${c}">${m}</a></li>`)}</ul></div>`
    : vide}
<p>Votre message est transmis aux personnes qui gèrent la fiche de ce lieu. Il n’est pas publié.</p>
<form method="post" action="/lieux/${l.uid}/signaler" novalidate>${csrf}
${boutonsRadio('type', 'Qu’est-ce qui ne va pas ?', Object.entries(TYPES_SIGNALEMENT).map(([valeur, libelle]) => ({ valeur, libelle, coche: saisie.type === valeur })), erreurs.type)}
${champ({ nom: 'message', libelle: 'Décrivez l’erreur', aide: 'Par exemple : le lieu est fermé le samedi depuis septembre. 2 000 caractères au plus.', valeur: saisie.message, erreur: erreurs.message, multiligne: true, maxlength: 2000, requis: true })}
${champ({ nom: 'contact', libelle: 'Votre courriel ou téléphone (facultatif)', aide: 'Seulement si vous acceptez d’être recontacté à propos de ce signalement.', valeur: saisie.contact, erreur: erreurs.contact, autocomplete: 'email', maxlength: 200 })}
<ul class="fr-btns-group fr-btns-group--inline-md">
<li><button class="fr-btn" type="submit">Envoyer le signalement</button></li>
<li><a class="fr-btn fr-btn--secondary" href="/lieux/${l.uid}">Annuler</a></li>
</ul>
</form>`;
}

export function vueMerci(l: LieuAffiche): Html {
  return h`<div class="fr-alert fr-alert--success fr-mt-3w"><h1 class="fr-alert__title">Merci, votre signalement est enregistré</h1>
<p>Les personnes qui gèrent la fiche de « ${l.nom} » le verront et corrigeront les informations si besoin.</p></div>
<p class="fr-mt-3w"><a class="fr-link" href="/lieux/${l.uid}">Revenir à la fiche du lieu</a></p>`;
}
