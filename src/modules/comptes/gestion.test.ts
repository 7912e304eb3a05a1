import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DatabaseHandle } from '../../db/connect.ts';
import { AppError } from '../../errors.ts';
import { createTestDatabase, testEngines } from '../../../test/helpers/db.ts';
import { insererLieux } from '../../../test/browser/outils.ts';
import { lieuParUid } from '../lieux/lieux.repository.ts';
import { createTerritoiresService } from '../territoires/territoires.service.ts';
import type { Acteur } from './autorisations.ts';
import { createComptesService } from './comptes.service.ts';
import { chargerActeur } from './comptes.repository.ts';
import { courrierOutbox } from './courriel.ts';
import { aujourdhuiParis, createGestionService } from './gestion.service.ts';
import { createStructuresService } from './structures.service.ts';

const territoires = createTerritoiresService();
const code = (code: string) => (e: unknown) => e instanceof AppError && e.code === code;

for (const engine of testEngines()) {
  describe(`gestion des lieux (${engine})`, () => {
    let database: DatabaseHandle;
    let gestion: ReturnType<typeof createGestionService>;
    let admin: Acteur, coordNord: Acteur, coordRhone: Acteur;
    let uids: string[];
    let sPivot: number, sAutre: number;
    const acteur = async (email: string) => (await chargerActeur(database.db, (await database.db.selectFrom('utilisateurs').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id))!;

    before(async () => {
      database = await createTestDatabase(engine);
      const comptes = createComptesService({ db: database.db, courrier: courrierOutbox(database.db), publicUrl: 'https://maillage.test' });
      const structures = createStructuresService({ db: database.db, comptes });
      gestion = createGestionService({ db: database.db, lieux: { obtenir: (uid) => lieuParUid(database.db, uid) }, territoires });
      uids = await insererLieux(database.db, [
        { id: 'a', nom: 'EPN de la Mairie', commune: 'Roubaix', code_postal: '59100', code_insee: '59512', adresse: '1 place de la Mairie', latitude: 50.69, longitude: 3.18 },
        { id: 'b', nom: 'Tiers-lieu', commune: 'Roubaix', code_postal: '59100', code_insee: '59512', adresse: '2 rue Pierre', latitude: 50.69, longitude: 3.18 },
      ]);
      admin = (await structures.creerAdministrateur('admin@g.fr')).acteur!;
      coordNord = (await structures.attribuerRole(admin, 'nord@g.fr', { role: 'coordinateur', departement: '59' })).acteur!;
      coordRhone = (await structures.attribuerRole(admin, 'rhone@g.fr', { role: 'coordinateur', region: '84' })).acteur!;
      sPivot = (await structures.creerStructure(admin, { nom: 'Mairie', siret: '13002526500013' })).id; // = the fixture's pivot
      sAutre = (await structures.creerStructure(admin, { nom: 'Association', rna: 'W591234567' })).id;
      await structures.ajouterMembre(admin, sPivot, 'resp@g.fr', 'responsable');
      await structures.ajouterMembre(admin, sAutre, 'med@g.fr', 'mediateur');
      await structures.ajouterMembre(admin, sAutre, 'fin@g.fr', 'financeur');
    });
    after(() => database.close());

    test('pivot = SIRET: granted at once; otherwise pending for a coordinator of the territory', async () => {
      const resp = await acteur('resp@g.fr');
      assert.equal((await gestion.demander(resp, sPivot, uids[0]!)).statut, 'accordee');
      await assert.rejects(gestion.demander(resp, sPivot, uids[0]!), code('conflit'));
      await assert.rejects(gestion.demander(await acteur('fin@g.fr'), sAutre, uids[1]!), code('interdit'), 'a financeur cannot ask');
      await assert.rejects(gestion.demander(resp, sAutre, uids[1]!), code('interdit'), 'IDOR: not a member of that structure');
      const d = await gestion.demander(await acteur('med@g.fr'), sAutre, uids[1]!);
      assert.equal(d.statut, 'demandee');
      assert.deepEqual((await gestion.demandesEnAttente(coordNord)).map((x) => x.id), [d.id]);
      assert.deepEqual(await gestion.demandesEnAttente(coordRhone), [], 'another region sees nothing');
      await assert.rejects(gestion.decider(coordRhone, d.id, true), code('interdit'));
      await assert.rejects(gestion.decider(coordNord, d.id, false), code('formulaire_invalide'), 'a refusal needs a reason');
      await gestion.decider(coordNord, d.id, true);
      await assert.rejects(gestion.decider(admin, d.id, false, 'non'), code('conflit'));
    });

    test('managers edit through the register’s validation; every change is versioned and audited', async () => {
      const med = await acteur('med@g.fr');
      await assert.rejects(gestion.modifier(med, uids[0]!, { nom: 'x' }), code('interdit'), 'not a manager of that place');
      await assert.rejects(gestion.modifier(await acteur('fin@g.fr'), uids[1]!, { nom: 'x' }), code('interdit'));
      await assert.rejects(gestion.modifier(med, uids[1]!, { horaires: 'tous les jours' }), (e) => code('formulaire_invalide')(e) && (e as AppError).details.some((i) => i.field === 'horaires'));
      await assert.rejects(gestion.modifier(med, uids[1]!, { id: 'autre' }), code('formulaire_invalide'));
      const r = await gestion.modifier(med, uids[1]!, { nom: 'Tiers-lieu <b>du Nord</b>', horaires: 'Mo-Fr 10:00-18:00', telephone: '+33320000000' });
      assert.deepEqual(Object.keys(r.apres).sort(), ['date_maj', 'horaires', 'nom', 'telephone']);
      const l = (await lieuParUid(database.db, uids[1]!))!;
      assert.equal(l.nom, 'Tiers-lieu <b>du Nord</b>');
      assert.equal(l.date_maj, aujourdhuiParis());
      const v = await gestion.versions(uids[1]!);
      assert.equal(v[0]!.auteur_id, med.id);
      assert.deepEqual(v[0]!.avant, { nom: 'Tiers-lieu', horaires: 'Mo-Fr 09:00-12:00,14:00-17:00', telephone: '+33123456789', date_maj: '2026-10-01' });
      const audit = await database.db.selectFrom('journal_audit').selectAll().where('action', '=', 'lieu.modifier').execute();
      assert.equal(audit.length, 1);

      // A coordinator of the territory may edit too; confirm resets freshness; closing writes `off`.
      await gestion.declarerFerme(coordNord, uids[0]!);
      assert.equal((await lieuParUid(database.db, uids[0]!))!.horaires, 'off');
      await database.db.updateTable('lieux').set({ date_maj: '2026-01-01' }).where('uid', '=', uids[0]!).execute();
      await gestion.confirmer(await acteur('resp@g.fr'), uids[0]!);
      assert.equal((await lieuParUid(database.db, uids[0]!))!.date_maj, aujourdhuiParis());
      assert.deepEqual((await gestion.versions(uids[0]!)).map((x) => x.action), ['confirmer', 'fermer']);
      await assert.rejects(gestion.confirmer(coordRhone, uids[0]!), code('interdit'));
      await assert.rejects(gestion.confirmer(null, uids[0]!), code('non_authentifie'));
    });
  });
}
