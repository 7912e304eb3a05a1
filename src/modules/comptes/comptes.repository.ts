import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Acteur, RoleStructure } from './autorisations.ts';

type Ex = Kysely<Database>;

export async function utilisateurParEmail(db: Ex, email: string) {
  return db.selectFrom('utilisateurs').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function utilisateurParId(db: Ex, id: number) {
  return db.selectFrom('utilisateurs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function creerUtilisateur(db: Ex, u: { email: string; hash: string | null; verifie_le?: Date | null }) {
  return db
    .insertInto('utilisateurs')
    .values({ email: u.email, hash: u.hash, verifie_le: u.verifie_le ?? null })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning(['id', 'email'])
    .executeTakeFirst();
}

export async function creerJeton(db: Ex, j: { hash: string; utilisateur_id: number; type: 'verification' | 'reinitialisation'; expire_le: Date }) {
  await db.insertInto('jetons').values(j).execute();
}

/** Marks a valid token used and returns its user — one statement, so two concurrent uses cannot both win. */
export async function consommerJeton(db: Ex, hash: string, type: 'verification' | 'reinitialisation') {
  return db
    .updateTable('jetons')
    .set({ utilise_le: new Date() })
    .where('hash', '=', hash)
    .where('type', '=', type)
    .where('utilise_le', 'is', null)
    .where('expire_le', '>', new Date())
    .returning('utilisateur_id')
    .executeTakeFirst();
}

export async function creerSession(db: Ex, s: { id: string; utilisateur_id: number; expire_le: Date }) {
  await db.insertInto('sessions').values(s).execute();
}

export async function sessionValide(db: Ex, id: string, inactiviteMax: number) {
  return db
    .selectFrom('sessions')
    .innerJoin('utilisateurs as u', 'u.id', 'sessions.utilisateur_id')
    .select(['sessions.id', 'sessions.utilisateur_id', 'sessions.derniere_activite', 'sessions.expire_le', 'u.email'])
    .where('sessions.id', '=', id)
    .where('sessions.expire_le', '>', new Date())
    .where('sessions.derniere_activite', '>', new Date(Date.now() - inactiviteMax))
    .executeTakeFirst();
}

export async function toucherSession(db: Ex, id: string) {
  await db.updateTable('sessions').set({ derniere_activite: new Date() }).where('id', '=', id).execute();
}

export async function supprimerSession(db: Ex, id: string) {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function supprimerSessions(db: Ex, utilisateurId: number) {
  const r = await db.deleteFrom('sessions').where('utilisateur_id', '=', utilisateurId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function chargerActeur(db: Ex, id: number): Promise<Acteur | undefined> {
  const u = await db.selectFrom('utilisateurs').select(['id', 'email']).where('id', '=', id).executeTakeFirst();
  if (!u) return undefined;
  const roles = await db.selectFrom('roles_territoriaux').select(['role', 'departement', 'region']).where('utilisateur_id', '=', id).execute();
  const membres = await db.selectFrom('membres').select(['structure_id', 'role']).where('utilisateur_id', '=', id).execute();
  return {
    id: u.id,
    email: u.email,
    administrateur: roles.some((r) => r.role === 'administrateur_national'),
    coordinations: roles.filter((r) => r.role === 'coordinateur').map((r) => ({ departement: r.departement, region: r.region })),
    membres: membres.map((m) => ({ structure_id: m.structure_id, role: m.role as RoleStructure })),
  };
}

/** Expired or idle sessions, tokens expired for a day, abandoned OIDC states. */
export async function purger(db: Ex, inactiviteMax: number) {
  const maintenant = Date.now();
  await db.deleteFrom('sessions').where((eb) => eb.or([eb('expire_le', '<', new Date(maintenant)), eb('derniere_activite', '<', new Date(maintenant - inactiviteMax))])).execute();
  await db.deleteFrom('jetons').where('expire_le', '<', new Date(maintenant - 86_400_000)).execute();
  await db.deleteFrom('oidc_etats').where('expire_le', '<', new Date(maintenant)).execute();
}
