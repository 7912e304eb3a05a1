import { JOURS } from '../../lib/horaires-osm.ts';
import type { Issue } from '../../errors.ts';
import { champ } from '../../web/composants.ts';
import { h, vide, type Html } from '../../web/layout.ts';
import type { LieuEnregistre } from '../lieux/lieux.ts';
import { CHAMPS, CHAMPS_LISTE, titreChamp } from '../lieux/standard/index.ts';
import type { SignalementATraiter } from './signalements.traitement.ts';

const RAISONS: Record<SignalementATraiter['raison'], string> = {
  gestionnaire: 'vous gérez ce lieu',
  escalade: 'non traité par les gestionnaires après 7 jours',
  sans_gestionnaire: 'personne ne gère ce lieu',
  administrateur: 'administration nationale',
};

export interface DonneesEspace {
  signalements: SignalementATraiter[];
  demandes: Array<{ id: number; uid: string; lieu: string; structure: string }>;
  lieux: Array<{ uid: string; nom: string; commune: string; date_maj: string; structure: string; statut: string }>;
  structures: Array<{ id: number; nom: string }>;
}

/** The actors' space: reports to handle, requests to decide, managed places, asking to manage a place. */
export function vueEspace(csrf: Html, d: DonneesEspace): Html {
  return h`<h1 class="fr-mt-4w">Mon espace</h1>
<p><a class="fr-link" href="/espace/structures">Structures et rôles</a></p>
<h2 class="fr-h4">Signalements à traiter (${d.signalements.length})</h2>
${d.signalements.length ? d.signalements.map((s) => h`<section class="fr-mb-3w"><h3 class="fr-h6"><a href="/lieux/${s.uid}">${s.lieu}</a> — ${s.type}</h3>
<p>${s.message}</p><p class="fr-text--sm">Reçu le ${s.cree_le.toISOString().slice(0, 10)} · ${RAISONS[s.raison]}</p>
<form method="post" action="/espace/signalements/${s.id}">${csrf}
${champ({ nom: 'motif', libelle: 'Motif (obligatoire pour rejeter)', maxlength: 2000 })}
<ul class="fr-btns-group fr-btns-group--inline-md"><li><button class="fr-btn" name="decision" value="resolu">Corrigé</button></li><li><button class="fr-btn fr-btn--secondary" name="decision" value="rejete">Rejeter</button></li></ul></form></section>`) : h`<p>Aucun.</p>`}
${d.demandes.length ? h`<h2 class="fr-h4">Demandes de gestion à décider</h2>${d.demandes.map((x) => h`<form method="post" action="/espace/demandes/${x.id}" class="fr-mb-3w">${csrf}
<p><strong>${x.structure}</strong> demande à gérer <a href="/lieux/${x.uid}">${x.lieu}</a>.</p>
${champ({ nom: 'motif', libelle: 'Motif (obligatoire pour refuser)', maxlength: 2000 })}
<ul class="fr-btns-group fr-btns-group--inline-md"><li><button class="fr-btn" name="decision" value="accorder">Accorder</button></li><li><button class="fr-btn fr-btn--secondary" name="decision" value="refuser">Refuser</button></li></ul></form>`)}` : vide}
<h2 class="fr-h4">Mes lieux</h2>
${d.lieux.length ? h`<ul>${d.lieux.map((l) => h`<li>${l.statut === 'accordee' ? h`<a href="/espace/lieux/${l.uid}">${l.nom}</a>` : h`${l.nom} (demande en attente)`} — ${l.commune} · ${l.structure} · mis à jour le ${l.date_maj}</li>`)}</ul>` : h`<p>Aucun lieu géré.</p>`}
${d.structures.length ? h`<h2 class="fr-h4">Demander à gérer un lieu</h2><form method="post" action="/espace/demandes">${csrf}
<div class="fr-select-group"><label class="fr-label" for="structure">Pour la structure</label><select class="fr-select" id="structure" name="structure">${d.structures.map((s) => h`<option value="${s.id}">${s.nom}</option>`)}</select></div>
${champ({ nom: 'uid', libelle: 'Identifiant du lieu', aide: 'La fin de l’adresse de sa fiche : /lieux/identifiant', requis: true, maxlength: 64 })}
<button class="fr-btn" type="submit">Demander</button></form>` : vide}`;
}

const valeur = (v: unknown) => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join('|') : String(v));

/** Every standard field but the source id; lists separated by « | » as in the standard's CSV. */
export function vueEditionLieu(csrf: Html, l: LieuEnregistre, saisie: Record<string, string>, issues: readonly Issue[], annonce?: string): Html {
  const erreurs = new Map(issues.map((i) => [i.field ?? '', i.message]));
  const jours = JOURS.map(([j, nom]) => champ({ nom: `horaires_${j}`, libelle: nom, valeur: saisie[`horaires_${j}`], erreur: erreurs.get(`horaires_${j}`), aide: 'ex. 9h-12h, 14h-17h', maxlength: 100 }));
  return h`<h1 class="fr-mt-4w">Modifier « ${l.nom} »</h1>
${annonce ? h`<div class="fr-alert fr-alert--success fr-mb-3w"><p>${annonce}</p></div>` : vide}
${issues.length ? h`<div class="fr-alert fr-alert--error fr-mb-3w" role="alert"><h2 class="fr-alert__title">La fiche n’est pas enregistrée</h2><ul>${issues.map((i) => h`<li><a href="#champ-${i.field ?? ''}">${titreChamp(i.field ?? '')}</a> : ${i.message}</li>`)}</ul></div>` : vide}
<form method="post" action="/espace/lieux/${l.uid}/confirmer" class="fr-mb-2w">${csrf}<button class="fr-btn fr-btn--secondary" type="submit">Les informations sont toujours exactes</button></form>
<form method="post" action="/espace/lieux/${l.uid}" novalidate>${csrf}
${CHAMPS.filter((c) => c !== 'id' && c !== 'date_maj').map((c) => champ({ nom: c, libelle: titreChamp(c), valeur: saisie[c] ?? valeur(l[c as keyof LieuEnregistre]), erreur: erreurs.get(c), aide: (CHAMPS_LISTE as readonly string[]).includes(c) ? 'Plusieurs valeurs séparées par « | »' : undefined, multiligne: c === 'presentation_detail' }))}
<fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">Horaires jour par jour (remplace le champ horaires si rempli)</legend>${jours}</fieldset>
<button class="fr-btn" type="submit">Enregistrer</button></form>
<form method="post" action="/espace/lieux/${l.uid}/fermer" class="fr-mt-4w">${csrf}<button class="fr-btn fr-btn--tertiary" type="submit">Déclarer le lieu fermé définitivement</button></form>`;
}
