import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../db/connect.ts';
import { AppError } from '../../errors.ts';
import { createTestDatabase, testEngines } from '../../../test/helpers/db.ts';
import { chargerActeur } from './comptes.repository.ts';
import { createComptesService } from './comptes.service.ts';
import { courrierOutbox, lireOutbox } from './courriel.ts';
import { hacherJeton } from './jetons.ts';
import { hacherMotDePasse, verifierMotDePasse } from './mot-de-passe.ts';
import { createStructuresService } from './structures.service.ts';

const MDP = 'une phrase de passe assez longue';

test('argon2id: PHC format with OWASP parameters, verify is exact, a tampered or malformed hash never matches', async () => {
  const h = await hacherMotDePasse(MDP);
  assert.match(h, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  assert.notEqual(h, await hacherMotDePasse(MDP), 'salted');
  assert.equal(await verifierMotDePasse(MDP, h), true);
  assert.equal(await verifierMotDePasse(`${MDP} `, h), false);
  // A character inside the digest: the last one of 43 base64 characters also holds 2 padding bits, and changing
  // only those leaves the same 32 bytes (the test then failed about once in 32 runs).
  const i = h.length - 10;
  const tronque = h.slice(0, i) + (h[i] === 'A' ? 'B' : 'A') + h.slice(i + 1);
  assert.equal(await verifierMotDePasse(MDP, tronque), false);
  assert.equal(await verifierMotDePasse(MDP, 'pas un hash'), false);
  assert.equal(await verifierMotDePasse(MDP, h.replace('m=19456', 'm=99999999')), false, 'absurd memory refused, not computed');
});

for (const engine of testEngines()) {
  describe(`comptes (${engine})`, () => {
    let database: DatabaseHandle;
    let comptes: ReturnType<typeof createComptesService>;
    let structures: ReturnType<typeof createStructuresService>;
    before(async () => {
      database = await createTestDatabase(engine);
      comptes = createComptesService({ db: database.db, courrier: courrierOutbox(database.db), publicUrl: 'https://maillage.test' });
      structures = createStructuresService({ db: database.db, comptes });
    });
    after(() => database.close());

    const dernierLien = async (a: string) => {
      const m = (await lireOutbox(database.db)).find((x) => x.destinataire === a);
      assert.ok(m, `a message to ${a}`);
      return { sujet: m.sujet, jeton: /jeton=([A-Za-z0-9_-]{43})/.exec(m.texte)?.[1] };
    };
    const rejet = (code: string, message?: RegExp) => (err: unknown) => {
      assert.ok(err instanceof AppError, String(err));
      assert.equal(err.code, code);
      if (message) assert.match(err.message, message);
      return true;
    };

    test('register → verify → sign in; sessions rotate, sign out, sign out everywhere; secrets stored hashed', async () => {
      await comptes.inscrire('  Alice@Exemple.FR ', MDP);
      const u = await database.db.selectFrom('utilisateurs').selectAll().where('email', '=', 'alice@exemple.fr').executeTakeFirstOrThrow();
      assert.match(u.hash!, /^\$argon2id\$/);
      await assert.rejects(comptes.connecter('alice@exemple.fr', MDP), rejet('non_authentifie', /Confirmez/));
      const { jeton } = await dernierLien('alice@exemple.fr');
      assert.ok(jeton);
      assert.equal((await database.db.selectFrom('jetons').select('hash').where('hash', '=', jeton).execute()).length, 0, 'raw token never stored');
      await comptes.verifierEmail(jeton);
      await assert.rejects(comptes.verifierEmail(jeton), rejet('requete_invalide', /déjà servi/));

      const s1 = await comptes.connecter('ALICE@exemple.fr', MDP);
      assert.equal((await comptes.session(s1.jeton))?.acteur.email, 'alice@exemple.fr');
      assert.ok(await database.db.selectFrom('sessions').where('id', '=', hacherJeton(s1.jeton)).executeTakeFirst());
      assert.equal(await database.db.selectFrom('sessions').where('id', '=', s1.jeton).executeTakeFirst(), undefined);
      // Signing in again from the same browser replaces its session (fixation): the old id is dead.
      const s2 = await comptes.connecter('alice@exemple.fr', MDP, s1.jeton);
      assert.equal(await comptes.session(s1.jeton), undefined);
      const s3 = await comptes.connecter('alice@exemple.fr', MDP);
      await comptes.deconnecter(s2.jeton);
      assert.equal(await comptes.session(s2.jeton), undefined);
      assert.ok(await comptes.session(s3.jeton));
      const s4 = await comptes.connecter('alice@exemple.fr', MDP);
      const moi = (await comptes.session(s4.jeton))!.acteur;
      assert.equal(await comptes.deconnecterPartout(moi), 2);
      assert.equal(await comptes.session(s3.jeton), undefined);
      assert.equal(await comptes.session(s4.jeton), undefined);
      assert.equal(await comptes.session('nimportequoi'), undefined);
      // Retention: an idle session and a long-expired token are erased at the next sign-in.
      const s5 = await comptes.connecter('alice@exemple.fr', MDP);
      await database.db.updateTable('sessions').set({ derniere_activite: new Date(Date.now() - 3 * 3_600_000) }).where('id', '=', hacherJeton(s5.jeton)).execute();
      await database.db.updateTable('jetons').set({ expire_le: new Date(Date.now() - 2 * 86_400_000) }).execute();
      await comptes.connecter('alice@exemple.fr', MDP);
      assert.equal(await database.db.selectFrom('sessions').where('id', '=', hacherJeton(s5.jeton)).executeTakeFirst(), undefined);
      assert.equal((await database.db.selectFrom('jetons').selectAll().execute()).length, 0);
    });

    test('a second registration of the same address changes nothing and reveals nothing', async () => {
      await comptes.inscrire('bob@exemple.fr', MDP);
      await comptes.inscrire('BOB@exemple.fr', 'un autre mot de passe long');
      assert.equal((await dernierLien('bob@exemple.fr')).sujet, 'Vous avez déjà un compte Maillage');
      const n = await database.db.selectFrom('utilisateurs').select((eb) => eb.fn.countAll<number>().as('n')).where('email', '=', 'bob@exemple.fr').executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 1);
      await assert.rejects(comptes.inscrire('pas-une-adresse', MDP), (e) => e instanceof Error && /Adresse électronique invalide/.test(e.message));
      await assert.rejects(comptes.inscrire('court@exemple.fr', 'court'), (e) => e instanceof Error && /12 caractères/.test(e.message));
    });

    test('5 failures lock the account 15 minutes with the same message as an unknown address; reset lifts it', async () => {
      await comptes.inscrire('carole@exemple.fr', MDP);
      await comptes.verifierEmail((await dernierLien('carole@exemple.fr')).jeton!);
      let message = '';
      await assert.rejects(comptes.connecter('inconnu@exemple.fr', MDP), (e: unknown) => ((message = (e as AppError).message), rejet('non_authentifie')(e)));
      for (let i = 0; i < 5; i++) await assert.rejects(comptes.connecter('carole@exemple.fr', 'mauvais mot de passe'), rejet('non_authentifie'));
      const u = await database.db.selectFrom('utilisateurs').selectAll().where('email', '=', 'carole@exemple.fr').executeTakeFirstOrThrow();
      assert.ok(u.bloque_jusqua && u.bloque_jusqua.getTime() > Date.now() + 14 * 60_000);
      await assert.rejects(comptes.connecter('carole@exemple.fr', MDP), (e: unknown) => (e as AppError).message === message);
      await database.db.updateTable('utilisateurs').set({ bloque_jusqua: new Date(Date.now() - 1000) }).where('id', '=', u.id).execute();
      assert.ok(await comptes.connecter('carole@exemple.fr', MDP), 'the lock ends');

      const ouverte = await comptes.connecter('carole@exemple.fr', MDP);
      await comptes.demanderReinitialisation('inconnu@exemple.fr'); // same answer, no mail
      await comptes.demanderReinitialisation('Carole@exemple.fr');
      const { jeton, sujet } = await dernierLien('carole@exemple.fr');
      assert.equal(sujet, 'Choisir un nouveau mot de passe');
      await comptes.reinitialiser(jeton!, 'nouvelle phrase de passe');
      await assert.rejects(comptes.reinitialiser(jeton!, 'encore une autre phrase'), rejet('requete_invalide'));
      assert.equal(await comptes.session(ouverte.jeton), undefined, 'a reset closes every session');
      await assert.rejects(comptes.connecter('carole@exemple.fr', MDP), rejet('non_authentifie'));
      assert.ok(await comptes.connecter('carole@exemple.fr', 'nouvelle phrase de passe'));
    });

    test('journal_audit is append-only even for the table owner', async () => {
      const n = await database.db.selectFrom('journal_audit').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.ok(Number(n.n) > 5);
      await assert.rejects(sql`update journal_audit set action = 'x'`.execute(database.db), /ajout seul/);
      await assert.rejects(sql`delete from journal_audit`.execute(database.db), /ajout seul/);
      await assert.rejects(sql`truncate journal_audit`.execute(database.db), /ajout seul/);
    });

    test('structures, memberships and territorial roles: every rule in the services', async () => {
      const admin = (await structures.creerAdministrateur('admin@exemple.fr')).acteur!;
      assert.equal(admin.administrateur, true);
      assert.equal((await dernierLien('admin@exemple.fr')).sujet, 'Votre accès à Maillage');
      const coord = (await structures.attribuerRole(admin, 'coord@exemple.fr', { role: 'coordinateur', departement: '69' })).acteur!;
      await assert.rejects(structures.attribuerRole(coord, 'x@exemple.fr', { role: 'administrateur_national' }), rejet('interdit'));
      await assert.rejects(structures.attribuerRole(null, 'x@exemple.fr', { role: 'administrateur_national' }), rejet('non_authentifie'));

      const bob = (await chargerActeur(database.db, (await database.db.selectFrom('utilisateurs').select('id').where('email', '=', 'bob@exemple.fr').executeTakeFirstOrThrow()).id))!;
      await assert.rejects(structures.creerStructure(bob, { nom: 'Asso', siret: '12345678901234' }), rejet('interdit'));
      const s = await structures.creerStructure(coord, { nom: 'Médiathèque <b>', siret: '12345678901234' });
      await assert.rejects(structures.creerStructure(coord, { nom: 'Doublon', siret: '12345678901234' }), rejet('conflit'));
      await assert.rejects(structures.structure(bob, s.id), rejet('interdit'), 'IDOR: a non-member cannot read a structure');

      await structures.ajouterMembre(admin, s.id, 'bob@exemple.fr', 'responsable');
      const bobResp = (await chargerActeur(database.db, bob.id))!;
      const r = await structures.ajouterMembre(bobResp, s.id, 'dora@exemple.fr', 'mediateur');
      assert.equal(r.invite, true);
      assert.match((await dernierLien('dora@exemple.fr')).sujet, /Invitation à rejoindre Médiathèque/);
      const dora = (await chargerActeur(database.db, r.utilisateur))!;
      await assert.rejects(structures.ajouterMembre(dora, s.id, 'eve@exemple.fr', 'responsable'), rejet('interdit'), 'a mediator cannot add members');
      assert.deepEqual((await structures.structure(dora, s.id)).membres.map((m) => m.email), ['bob@exemple.fr', 'dora@exemple.fr']);
      const autre = await structures.creerStructure(admin, { nom: 'Autre', rna: 'w691234567' });
      assert.equal(autre.rna, 'W691234567');
      await assert.rejects(structures.ajouterMembre(bobResp, autre.id, 'eve@exemple.fr', 'mediateur'), rejet('interdit'), 'IDOR: responsable of another structure');

      await assert.rejects(structures.journal(bobResp, {}), rejet('interdit'));
      const journal = await structures.journal(admin, {});
      assert.ok(journal.some((l) => l.action === 'membre.ajouter' && l.acteur_id === bob.id));
      assert.ok(!JSON.stringify(journal).includes('$argon2id'), 'no secret in the audit log');
    });

    test('export and deletion of one’s own account; the last national admin cannot delete theirs', async () => {
      const dora = (await chargerActeur(database.db, (await database.db.selectFrom('utilisateurs').select('id').where('email', '=', 'dora@exemple.fr').executeTakeFirstOrThrow()).id))!;
      const e = await structures.exporter(dora);
      assert.equal(e.compte.email, 'dora@exemple.fr');
      assert.equal(e.membres[0]?.role, 'mediateur');
      assert.ok(!JSON.stringify(e).includes('hash'));
      await structures.supprimerCompte(dora);
      assert.equal(await chargerActeur(database.db, dora.id), undefined);
      assert.equal((await database.db.selectFrom('membres').where('utilisateur_id', '=', dora.id).execute()).length, 0);
      const admin = (await chargerActeur(database.db, (await database.db.selectFrom('utilisateurs').select('id').where('email', '=', 'admin@exemple.fr').executeTakeFirstOrThrow()).id))!;
      await assert.rejects(structures.supprimerCompte(admin), rejet('conflit', /seul administrateur/));
    });
  });
}
