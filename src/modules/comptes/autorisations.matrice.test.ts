import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp } from '../../../test/helpers/app.ts';
import { Navigateur } from '../../../test/helpers/formulaire.ts';
import { insererLieux } from '../../../test/browser/outils.ts';

/**
 * The authorization matrix: every route of the app × every role. A route missing from MATRICE fails the first
 * test — adding a route means saying here who may use it.
 *   public   — everyone, signed in or not, gets through (no 401/403, no 5xx)
 *   [roles]  — those signed-in roles get through; every other role 403; anonymous 401 or a redirect to /connexion
 */
const ROLES = ['anonyme', 'sans_role', 'mediateur', 'responsable', 'prescripteur', 'financeur', 'coordinateur', 'administrateur'] as const;
type Role = (typeof ROLES)[number];
const CONNECTE: readonly Role[] = ROLES.filter((r) => r !== 'anonyme');
const ADMIN: readonly Role[] = ['administrateur'];
/** Managers of the matrix's place: its structure's responsable and médiateur, the coordinator of its département, admins. */
const GESTION: readonly Role[] = ['mediateur', 'responsable', 'coordinateur', 'administrateur'];
type Acces = 'public' | readonly Role[];
interface Entree {
  acces: Acces;
  url?: string;
  corps?: () => Record<string, string>;
}

const MDP = 'phrase de passe de la matrice';
let uid = '';
let structureId = 0;
let demande = 0;
let signalement = 0;
let n = 0;
const MATRICE: Record<string, Entree> = {
  'GET /healthz': { acces: 'public' },
  'GET /api/v1/lieux': { acces: 'public' },
  'GET /api/v1/openapi.json': { acces: 'public' },
  'GET /api/docs': { acces: 'public' },
  'GET /api/v1/lieux/:id/provenance': { acces: 'public', url: '/api/v1/lieux/{uid}/provenance' },
  'GET /api/v1/sources': { acces: 'public' },
  'GET /api/v1/lieux.csv': { acces: 'public' },
  'GET /api/v1/lieux.json': { acces: 'public' },
  'GET /api/v1/lieux.geojson': { acces: 'public' },
  'GET /api/v1/lieux/:uid': { acces: 'public', url: '/api/v1/lieux/{uid}' },
  'GET /static/app-*.css': { acces: 'public' },
  'GET /static/app-*.js': { acces: 'public' },
  'GET /static/dsfr-1.14.4/*': { acces: 'public', url: '/static/dsfr-1.14.4/favicon/favicon.svg' },
  'GET /static/maplibre-6.17.0/*': { acces: 'public', url: '/static/maplibre-6.17.0/maplibre-gl.css' },
  'GET /': { acces: 'public' },
  'GET /lieux': { acces: 'public' },
  'GET /lieux/:uid': { acces: 'public', url: '/lieux/{uid}' },
  'GET /lieux/:uid/imprimer': { acces: 'public', url: '/lieux/{uid}/imprimer' },
  'GET /lieux/:uid/orientation': { acces: 'public', url: '/lieux/{uid}/orientation' },
  'GET /lieux/:uid/signaler': { acces: 'public', url: '/lieux/{uid}/signaler' },
  'POST /lieux/:uid/signaler': { acces: 'public', url: '/lieux/{uid}/signaler', corps: () => ({ type: 'horaires', message: 'Fermé le lundi' }) },
  'GET /lieux/:uid/signaler/merci': { acces: 'public', url: '/lieux/{uid}/signaler/merci' },
  'GET /territoires': { acces: 'public' },
  'GET /territoires/regions/:code': { acces: 'public', url: '/territoires/regions/32' },
  'GET /territoires/departements/:code': { acces: 'public', url: '/territoires/departements/59' },
  'GET /territoires/regions/:code/lieux.csv': { acces: 'public', url: '/territoires/regions/32/lieux.csv' },
  'GET /territoires/departements/:code/lieux.csv': { acces: 'public', url: '/territoires/departements/59/lieux.csv' },
  'GET /connexion': { acces: 'public' },
  'POST /connexion': { acces: 'public', corps: () => ({ email: 'matrice@exemple.fr', mot_de_passe: MDP }) },
  // Not configured in this app: 404 for everyone (the flow itself is tested in oidc.test.ts).
  'GET /connexion/oidc': { acces: 'public' },
  'GET /connexion/oidc/retour': { acces: 'public' },
  'GET /inscription': { acces: 'public' },
  'POST /inscription': { acces: 'public', corps: () => ({ email: `nouveau${++n}@exemple.fr`, mot_de_passe: MDP }) },
  'GET /compte/verifier': { acces: 'public' },
  'GET /compte/mot-de-passe-oublie': { acces: 'public' },
  'POST /compte/mot-de-passe-oublie': { acces: 'public', corps: () => ({ email: 'matrice@exemple.fr' }) },
  'GET /compte/mot-de-passe': { acces: 'public' },
  'POST /compte/mot-de-passe': { acces: 'public', corps: () => ({ jeton: 'x'.repeat(43), mot_de_passe: MDP }) },
  'GET /compte': { acces: CONNECTE },
  'GET /compte/export': { acces: CONNECTE },
  'POST /deconnexion': { acces: 'public', corps: () => ({}) },
  'POST /compte/deconnexion-partout': { acces: CONNECTE, corps: () => ({}) },
  // Without the confirmation box: reaches the rule (400), deletes nothing.
  'POST /compte/supprimer': { acces: CONNECTE, corps: () => ({}) },
  'GET /admin/journal': { acces: ADMIN },
  'GET /dev/outbox': { acces: 'public' },
  'GET /espace': { acces: CONNECTE },
  'GET /espace/lieux/:uid': { acces: GESTION, url: '/espace/lieux/{uid}' },
  'POST /espace/lieux/:uid': { acces: GESTION, url: '/espace/lieux/{uid}', corps: () => ({ nom: 'Lieu de la matrice' }) },
  'POST /espace/lieux/:uid/confirmer': { acces: GESTION, url: '/espace/lieux/{uid}/confirmer', corps: () => ({}) },
  'POST /espace/lieux/:uid/fermer': { acces: GESTION, url: '/espace/lieux/{uid}/fermer', corps: () => ({}) },
  // Already granted: members get 409 (past the rule), others 403.
  'POST /espace/demandes': { acces: ['mediateur', 'responsable', 'administrateur'], corps: () => ({ structure: String(structureId), uid }) },
  // A pending request for the second place: its coordinator or an admin decides (the second one meets a 409).
  'POST /espace/demandes/:id': { acces: ['coordinateur', 'administrateur'], url: '/espace/demandes/{demande}', corps: () => ({ decision: 'accorder' }) },
  'GET /espace/structures': { acces: CONNECTE },
  'POST /espace/structures': { acces: ['coordinateur', 'administrateur'], corps: () => ({ nom: 'Nouvelle', siret: String(20000000000000 + ++n) }) },
  'GET /espace/structures/:id': { acces: ['mediateur', 'responsable', 'prescripteur', 'financeur', 'administrateur'], url: '/espace/structures/{structure}' },
  'POST /espace/structures/:id/membres': { acces: ['responsable', 'administrateur'], url: '/espace/structures/{structure}/membres', corps: () => ({ email: `invite${++n}@m.fr`, role: 'mediateur' }) },
  'POST /admin/roles': { acces: ADMIN, corps: () => ({ email: `coord${++n}@m.fr`, role: 'coordinateur', departement: '59' }) },
  'POST /espace/signalements/:id': { acces: GESTION, url: '/espace/signalements/{signalement}', corps: () => ({ decision: 'resolu' }) },
};

let t: Awaited<ReturnType<typeof createTestApp>>;
const utilisateurs = new Map<Role, number>();

before(async () => {
  t = await createTestApp();
  [uid] = await insererLieux(t.deps.database.db, [{ id: 'm', nom: 'Lieu de la matrice', commune: 'Roubaix', code_postal: '59100', code_insee: '59512', adresse: '1 rue', latitude: 50.69, longitude: 3.18 }]) as [string];
  const { structures, comptes } = t.deps.comptes;
  const admin = (await structures.creerAdministrateur('admin@m.fr')).acteur!;
  utilisateurs.set('administrateur', admin.id);
  utilisateurs.set('coordinateur', (await structures.attribuerRole(admin, 'coord@m.fr', { role: 'coordinateur', departement: '59' })).id);
  const s = await structures.creerStructure(admin, { nom: 'Structure', siret: '13002526500013' });
  structureId = s.id;
  for (const role of ['mediateur', 'responsable', 'prescripteur', 'financeur'] as const) {
    utilisateurs.set(role, (await structures.ajouterMembre(admin, s.id, `${role}@m.fr`, role)).utilisateur);
  }
  const { gestion } = t.deps.comptes;
  await gestion.demander(admin, s.id, uid); // pivot = SIRET: granted
  const autre = await structures.creerStructure(admin, { nom: 'Autre', rna: 'W591111111' });
  const [uid2] = (await insererLieux(t.deps.database.db, [{ id: 'm2', nom: 'Second lieu', commune: 'Roubaix', code_postal: '59100', code_insee: '59512', adresse: '2 rue', latitude: 50.69, longitude: 3.18 }])) as [string];
  demande = (await gestion.demander(admin, autre.id, uid2)).id;
  signalement = await t.deps.signalements.enregistrer({ uid, type: 'horaires', message: 'Fermé le lundi', contact: null });
  utilisateurs.set('sans_role', (await comptes.inviter('sans@m.fr', 's', 's')).id);
  await comptes.inscrire('matrice@exemple.fr', MDP);
  await t.deps.database.db.updateTable('utilisateurs').set({ verifie_le: new Date() }).where('email', '=', 'matrice@exemple.fr').execute();
});
after(() => t.close());

const cle = (method: string, path: string) => `${method} ${path.replace(/^\/static\/app-[0-9a-f]+\./, '/static/app-*.')}`;

test('every route of the app has an entry in the authorization matrix (and no entry is stale)', () => {
  const routes = new Set(t.app.routes.filter((r) => r.method !== 'ALL').map((r) => cle(r.method, r.path)));
  const manquantes = [...routes].filter((r) => !MATRICE[r]);
  assert.deepEqual(manquantes, [], `routes without an entry in MATRICE: ${manquantes.join(', ')}`);
  assert.deepEqual(Object.keys(MATRICE).filter((k) => !routes.has(k)), [], 'entries for routes that no longer exist');
});

test('who may do what: every route × every role', async () => {
  const statiques = new Map(t.app.routes.filter((r) => r.path.startsWith('/static/app-')).map((r) => [cle(r.method, r.path), r.path]));
  const ecarts: string[] = [];
  for (const [route, e] of Object.entries(MATRICE)) {
    const [method, chemin] = route.split(' ') as [string, string];
    const url = (e.url ?? statiques.get(route) ?? chemin).replace('{uid}', uid).replace('{demande}', String(demande)).replace('{structure}', String(structureId)).replace('{signalement}', String(signalement));
    for (const role of ROLES) {
      const nav = new Navigateur(t.app);
      if (role !== 'anonyme') {
        const s = await t.deps.comptes.comptes.ouvrirSession(utilisateurs.get(role)!);
        nav.cookies.set('maillage_session', s.jeton);
      }
      const res = method === 'GET' ? await nav.get(url) : await nav.poster(url, e.corps!(), { depuis: '/connexion' });
      const s = res.status;
      const versConnexion = s === 303 && res.headers.get('location') === '/connexion';
      const passe = s < 500 && s !== 401 && s !== 403;
      const attendu = e.acces === 'public' ? passe : role === 'anonyme' ? s === 401 || versConnexion : e.acces.includes(role) ? passe : s === 403;
      if (!attendu) ecarts.push(`${route} as ${role}: ${s}`);
      if ((res.headers.get('content-type') ?? '').startsWith('text/html') && !/frame-ancestors 'none'/.test(res.headers.get('content-security-policy') ?? '')) {
        ecarts.push(`${route} as ${role}: HTML without frame-ancestors 'none'`);
      }
      await res.arrayBuffer();
    }
  }
  assert.deepEqual(ecarts, []);
});
