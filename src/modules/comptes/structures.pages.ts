import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { champ } from '../../web/composants.ts';
import { champCsrf } from '../../web/csrf.ts';
import { h, page, vide, type Html } from '../../web/layout.ts';
import { registerStatic } from '../../web/static.ts';
import { LIBELLES_ROLES, peut, ROLES_STRUCTURE, type RoleStructure } from './autorisations.ts';
import type { Comptes } from './comptes.deps.ts';
import { acteurRequis } from './comptes.session.ts';

const ID = z.coerce.number().int().positive();
const texte = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

const selectRole = (roles: readonly string[]) =>
  h`<div class="fr-select-group"><label class="fr-label" for="role">Rôle</label><select class="fr-select" id="role" name="role">${roles.map((r) => h`<option value="${r}">${LIBELLES_ROLES[r as RoleStructure]}</option>`)}</select></div>`;

/** Structures and their members (invitations by e-mail), structure creation, naming coordinators and admins. */
export function registerStructuresPages(app: Hono, deps: { comptes: Comptes }): void {
  const { structures } = deps.comptes;
  const assets = registerStatic(app);
  const petit = bodyLimit({ maxSize: 16 * 1024, onError: () => { throw new AppError('trop_volumineux'); } });
  const rendre = (c: Context, titre: string, contenu: Html) =>
    c.html(page({ titre, contenu, assets, fil: [{ libelle: 'Mon espace', href: '/espace' }, { libelle: titre }] }), 200, { 'cache-control': 'no-store' });

  app.get('/espace/structures', async (c) => {
    const a = acteurRequis(c);
    const miennes = await structures.mesStructures(a);
    const csrf = champCsrf(c);
    return rendre(c, 'Structures et rôles', h`<h1 class="fr-mt-4w">Structures et rôles</h1>
<ul>${miennes.map((s) => h`<li><a href="/espace/structures/${s.id}">${s.nom}</a> — ${LIBELLES_ROLES[s.role as RoleStructure] ?? s.role}</li>`)}</ul>
${peut(a, 'structure.creer') ? h`<h2 class="fr-h4">Déclarer une structure</h2><form method="post" action="/espace/structures">${csrf}
${champ({ nom: 'nom', libelle: 'Nom', requis: true, maxlength: 300 })}${champ({ nom: 'siret', libelle: 'SIRET (14 chiffres)', maxlength: 14 })}${champ({ nom: 'rna', libelle: 'ou numéro RNA (W + 9 caractères)', maxlength: 10 })}
<button class="fr-btn" type="submit">Déclarer</button></form>` : vide}
${peut(a, 'role_territorial.attribuer') ? h`<h2 class="fr-h4">Nommer un coordinateur ou un administrateur</h2><form method="post" action="/admin/roles">${csrf}
${champ({ nom: 'email', libelle: 'Adresse électronique', type: 'email', requis: true, maxlength: 254 })}
<div class="fr-select-group"><label class="fr-label" for="role-t">Rôle</label><select class="fr-select" id="role-t" name="role"><option value="coordinateur">${LIBELLES_ROLES.coordinateur}</option><option value="administrateur_national">${LIBELLES_ROLES.administrateur_national}</option></select></div>
${champ({ nom: 'departement', libelle: 'Département (coordinateur)', maxlength: 3 })}${champ({ nom: 'region', libelle: 'ou région (code INSEE)', maxlength: 2 })}
<button class="fr-btn" type="submit">Nommer</button></form>` : vide}`);
  });

  app.post('/espace/structures', petit, async (c) => {
    const b = await c.req.parseBody();
    const s = await structures.creerStructure(acteurRequis(c), { nom: texte(b.nom), siret: texte(b.siret) || undefined, rna: texte(b.rna) || undefined });
    return c.redirect(`/espace/structures/${s.id}`, 303);
  });

  app.get('/espace/structures/:id', async (c) => {
    const a = acteurRequis(c);
    const id = ID.parse(c.req.param('id'));
    const s = await structures.structure(a, id);
    return rendre(c, s.nom, h`<h1 class="fr-mt-4w">${s.nom}</h1><p>${s.siret ? `SIRET ${s.siret}` : `RNA ${s.rna}`}</p>
<h2 class="fr-h4">Membres</h2><ul>${s.membres.map((m) => h`<li>${m.email} — ${LIBELLES_ROLES[m.role as RoleStructure] ?? m.role}</li>`)}</ul>
${peut(a, 'structure.membres.gerer', { type: 'structure', id }) ? h`<h2 class="fr-h4">Inviter un membre</h2><form method="post" action="/espace/structures/${id}/membres">${champCsrf(c)}
${champ({ nom: 'email', libelle: 'Adresse électronique', type: 'email', requis: true, maxlength: 254, aide: 'Sans compte, la personne reçoit une invitation pour choisir son mot de passe.' })}
${selectRole(ROLES_STRUCTURE)}<button class="fr-btn" type="submit">Inviter</button></form>` : vide}`);
  });

  app.post('/espace/structures/:id/membres', petit, async (c) => {
    const id = ID.parse(c.req.param('id'));
    const b = await c.req.parseBody();
    const role = z.enum(ROLES_STRUCTURE).parse(b.role);
    await structures.ajouterMembre(acteurRequis(c), id, texte(b.email), role);
    return c.redirect(`/espace/structures/${id}`, 303);
  });

  app.post('/admin/roles', petit, async (c) => {
    const b = await c.req.parseBody();
    const role = texte(b.role);
    const portee = role === 'coordinateur' ? (texte(b.departement) ? { role, departement: texte(b.departement).toUpperCase() } : { role, region: texte(b.region) }) : { role };
    await structures.attribuerRole(acteurRequis(c), texte(b.email), portee);
    return c.redirect('/espace/structures', 303);
  });
}
