import { champ } from '../../web/composants.ts';
import { h, vide, type Html } from '../../web/layout.ts';
import { LIBELLES_ROLES, type Acteur } from './autorisations.ts';

/** Templates of the accounts pages. Every value goes through `h` (escaped); `csrf` is the hidden field. */

export type Erreurs = Record<string, string>;

function alerteErreurs(erreurs: Erreurs, message?: string): Html {
  const n = Object.keys(erreurs).length;
  if (!n && !message) return vide;
  return h`<div class="fr-alert fr-alert--error fr-mb-3w" role="alert"><h2 class="fr-alert__title">${message ?? (n > 1 ? `Le formulaire contient ${n} erreurs` : 'Le formulaire contient une erreur')}</h2>
${n ? h`<ul>${Object.entries(erreurs).map(([c, m]) => h`<li><a href="#champ-${c}">${m}</a></li>`)}</ul>` : vide}</div>`;
}

const info = (titre: string, texte: string) => h`<div class="fr-alert fr-alert--info fr-mb-3w"><h2 class="fr-alert__title">${titre}</h2><p>${texte}</p></div>`;
const succes = (titre: string, texte?: string) => h`<div class="fr-alert fr-alert--success fr-mb-3w"><h2 class="fr-alert__title">${titre}</h2>${texte ? h`<p>${texte}</p>` : vide}</div>`;

export function vueConnexion(csrf: Html, o: { email?: string; message?: string; annonce?: string; proconnect?: boolean }): Html {
  return h`<h1 class="fr-mt-4w">Se connecter</h1>
${o.annonce ? succes(o.annonce) : vide}
${alerteErreurs({}, o.message)}
${o.proconnect ? h`<p><a class="fr-btn" href="/connexion/oidc">S’identifier avec ProConnect</a></p><p>ou avec votre adresse et votre mot de passe :</p>` : vide}
<form method="post" action="/connexion" class="fr-mb-4w">${csrf}
${champ({ nom: 'email', libelle: 'Adresse électronique', type: 'email', autocomplete: 'username', valeur: o.email, requis: true, maxlength: 254 })}
${champ({ nom: 'mot_de_passe', libelle: 'Mot de passe', type: 'password', autocomplete: 'current-password', requis: true, maxlength: 256 })}
<ul class="fr-btns-group fr-btns-group--inline-md"><li><button class="fr-btn" type="submit">Se connecter</button></li></ul>
</form>
<p><a class="fr-link" href="/compte/mot-de-passe-oublie">Mot de passe oublié ?</a></p>
<p>Pas encore de compte ? <a class="fr-link" href="/inscription">Créer un compte</a></p>`;
}

export function vueInscription(csrf: Html, o: { email?: string | undefined; erreurs: Erreurs }): Html {
  return h`<h1 class="fr-mt-4w">Créer un compte</h1>
<p>Le compte sert aux professionnels de la médiation numérique : gérer la fiche d’un lieu, traiter les signalements.</p>
${alerteErreurs(o.erreurs)}
<form method="post" action="/inscription" novalidate>${csrf}
${champ({ nom: 'email', libelle: 'Adresse électronique', type: 'email', autocomplete: 'email', valeur: o.email, erreur: o.erreurs.email, requis: true, maxlength: 254 })}
${champ({ nom: 'mot_de_passe', libelle: 'Mot de passe', aide: '12 caractères au moins. Une phrase de plusieurs mots est facile à retenir.', type: 'password', autocomplete: 'new-password', erreur: o.erreurs.mot_de_passe, requis: true, maxlength: 256 })}
<ul class="fr-btns-group fr-btns-group--inline-md"><li><button class="fr-btn" type="submit">Créer mon compte</button></li></ul>
</form>`;
}

export const vueInscriptionEnvoyee = (email: string) =>
  h`<h1 class="fr-mt-4w">Vérifiez votre messagerie</h1>${info('Un message vous a été envoyé', `Si l’adresse ${email} peut recevoir un compte, un lien de confirmation vient d’y être envoyé. Il est valable 48 heures.`)}`;

export function vueOubli(csrf: Html, envoye: boolean): Html {
  return h`<h1 class="fr-mt-4w">Mot de passe oublié</h1>
${envoye ? info('Demande enregistrée', 'Si un compte existe pour cette adresse, un lien pour choisir un nouveau mot de passe vient d’y être envoyé. Il est valable 1 heure.') : vide}
<form method="post" action="/compte/mot-de-passe-oublie">${csrf}
${champ({ nom: 'email', libelle: 'Adresse électronique du compte', type: 'email', autocomplete: 'email', requis: true, maxlength: 254 })}
<ul class="fr-btns-group fr-btns-group--inline-md"><li><button class="fr-btn" type="submit">Recevoir un lien</button></li></ul>
</form>`;
}

export function vueNouveauMotDePasse(csrf: Html, jeton: string, erreurs: Erreurs, message?: string): Html {
  return h`<h1 class="fr-mt-4w">Choisir un mot de passe</h1>
${alerteErreurs(erreurs, message)}
<form method="post" action="/compte/mot-de-passe" novalidate>${csrf}
<input type="hidden" name="jeton" value="${jeton}">
${champ({ nom: 'mot_de_passe', libelle: 'Nouveau mot de passe', aide: '12 caractères au moins.', type: 'password', autocomplete: 'new-password', erreur: erreurs.mot_de_passe, requis: true, maxlength: 256 })}
<ul class="fr-btns-group fr-btns-group--inline-md"><li><button class="fr-btn" type="submit">Enregistrer</button></li></ul>
</form>`;
}

export const vueMessage = (titre: string, texte: string, lien?: { href: string; libelle: string }) =>
  h`<h1 class="fr-mt-4w">${titre}</h1><p>${texte}</p>${lien ? h`<p><a class="fr-btn" href="${lien.href}">${lien.libelle}</a></p>` : vide}`;

export interface StructureDuCompte {
  id: number;
  nom: string;
  role: string;
}

export function vueCompte(csrf: Html, a: Acteur, structures: readonly StructureDuCompte[], annonce?: string): Html {
  const roles = [
    ...(a.administrateur ? [LIBELLES_ROLES.administrateur_national] : []),
    ...a.coordinations.map((c) => `${LIBELLES_ROLES.coordinateur} (${c.departement ? `département ${c.departement}` : `région ${c.region}`})`),
  ];
  const bouton = (action: string, libelle: string, classe = 'fr-btn--secondary') =>
    h`<form method="post" action="${action}" class="fr-mb-2w">${csrf}<button class="fr-btn ${classe}" type="submit">${libelle}</button></form>`;
  return h`<h1 class="fr-mt-4w">Mon compte</h1>
${annonce ? succes(annonce) : vide}
<p>Connecté avec l’adresse <strong>${a.email}</strong>.</p>
<h2 class="fr-h4">Mes rôles</h2>
${roles.length || structures.length
    ? h`<ul>${roles.map((r) => h`<li>${r}</li>`)}${structures.map((s) => h`<li>${LIBELLES_ROLES[s.role as 'mediateur'] ?? s.role} — ${s.nom}</li>`)}</ul>`
    : h`<p>Aucun rôle pour l’instant : le responsable de votre structure peut vous inviter.</p>`}
<p><a class="fr-link" href="/espace">Mon espace : signalements, lieux gérés, demandes</a></p>
${a.administrateur ? h`<p><a class="fr-link" href="/admin/journal">Journal d’audit</a></p>` : vide}
<h2 class="fr-h4">Mes données</h2>
<p><a class="fr-btn fr-btn--secondary" href="/compte/export" download>Télécharger mes données (JSON)</a></p>
<h2 class="fr-h4">Sessions</h2>
${bouton('/deconnexion', 'Se déconnecter')}
${bouton('/compte/deconnexion-partout', 'Se déconnecter de tous les appareils')}
<h2 class="fr-h4">Supprimer mon compte</h2>
<p>La suppression est immédiate et définitive : rôles, adhésions et sessions sont effacés. Le journal d’audit garde seulement le numéro du compte.</p>
<form method="post" action="/compte/supprimer">${csrf}
<div class="fr-checkbox-group fr-mb-2w"><input type="checkbox" id="confirmer" name="confirmer" value="oui" required><label class="fr-label" for="confirmer">Je veux supprimer mon compte</label></div>
<button class="fr-btn fr-btn--tertiary" type="submit">Supprimer mon compte</button></form>`;
}

export interface LigneJournal {
  id: number;
  quand: Date;
  acteur_id: number | null;
  action: string;
  objet_type: string;
  objet_id: string | null;
  avant: unknown;
  apres: unknown;
}

export function vueJournal(lignes: readonly LigneJournal[], suivant?: number): Html {
  return h`<h1 class="fr-mt-4w">Journal d’audit</h1>
<p>Chaque écriture, dans l’ordre inverse. Ce journal ne peut être ni modifié ni effacé depuis l’application.</p>
<div class="fr-table"><table><caption>Dernières écritures</caption><thead><tr><th scope="col">N°</th><th scope="col">Quand</th><th scope="col">Qui</th><th scope="col">Action</th><th scope="col">Objet</th><th scope="col">Avant</th><th scope="col">Après</th></tr></thead>
<tbody>${lignes.map((l) => h`<tr><td>${l.id}</td><td>${l.quand.toISOString()}</td><td>${l.acteur_id ?? 'système'}</td><td>${l.action}</td><td>${l.objet_type} ${l.objet_id ?? ''}</td><td><code>${l.avant === null ? '' : JSON.stringify(l.avant)}</code></td><td><code>${l.apres === null ? '' : JSON.stringify(l.apres)}</code></td></tr>`)}</tbody></table></div>
${suivant ? h`<p><a class="fr-link" href="/admin/journal?avant=${suivant}">Plus anciennes</a></p>` : vide}`;
}

export function vueOutbox(messages: ReadonlyArray<{ id: number; destinataire: string; sujet: string; texte: string; cree_le: Date }>): Html {
  return h`<h1 class="fr-mt-4w">Courriels envoyés (développement)</h1>
<p>Sans <code>SMTP_URL</code>, les courriels restent ici (7 jours). Cette page n’existe pas en production.</p>
${messages.length ? messages.map((m) => h`<section class="fr-mb-4w"><h2 class="fr-h5">${m.sujet}</h2><p class="fr-text--sm">À ${m.destinataire} — ${m.cree_le.toISOString()}</p><pre>${m.texte}</pre></section>`) : h`<p>Aucun courriel.</p>`}`;
}
