import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DatabaseHandle } from '../../db/connect.ts';
import { AppError } from '../../errors.ts';
import { createTestDatabase, testEngines } from '../../../test/helpers/db.ts';
import { insererLieux } from '../../../test/browser/outils.ts';
import { lieuParUid } from '../lieux/lieux.repository.ts';
import { createSignalementsService } from '../signalements/signalements.service.ts';
import { createTerritoiresService } from '../territoires/territoires.service.ts';
import { chargerActeur } from './comptes.repository.ts';
import { createComptesService } from './comptes.service.ts';
import { courrierOutbox, lireOutbox } from './courriel.ts';
import { createGestionService } from './gestion.service.ts';
import { createNotificationSignalements } from './signalements.notification.ts';
import { createTraitementSignalements, DELAI_ESCALADE_JOURS } from './signalements.traitement.ts';
import { createStructuresService } from './structures.service.ts';

const territoires = createTerritoiresService();
const code = (c: string) => (e: unknown) => e instanceof AppError && e.code === c;

for (const engine of testEngines()) {
  describe(`signalements : acheminement, escalade, traitement (${engine})`, () => {
    let database: DatabaseHandle;
    let traitement: ReturnType<typeof createTraitementSignalements>;
    let notification: ReturnType<typeof createNotificationSignalements>;
    let ids: number[];
    const acteur = async (email: string) => (await chargerActeur(database.db, (await database.db.selectFrom('utilisateurs').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id))!;

    before(async () => {
      database = await createTestDatabase(engine);
      const courrier = courrierOutbox(database.db);
      const comptes = createComptesService({ db: database.db, courrier, publicUrl: 'https://maillage.test' });
      const structures = createStructuresService({ db: database.db, comptes });
      const gestion = createGestionService({ db: database.db, lieux: { obtenir: (uid) => lieuParUid(database.db, uid) }, territoires });
      traitement = createTraitementSignalements({ db: database.db, courrier, territoires });
      notification = createNotificationSignalements({ db: database.db, courrier, territoires, publicUrl: 'https://maillage.test' });
      const uids = await insererLieux(database.db, [
        { id: 'g', nom: 'Lieu géré', commune: 'Roubaix', code_postal: '59100', code_insee: '59512', adresse: '1 rue', latitude: 50.69, longitude: 3.18 },
        { id: 'n', nom: 'Lieu sans gestionnaire', commune: 'Roubaix', code_postal: '59100', code_insee: '59512', adresse: '2 rue', latitude: 50.69, longitude: 3.18 },
      ]);
      const admin = (await structures.creerAdministrateur('admin@s.fr')).acteur!;
      await structures.attribuerRole(admin, 'coord@s.fr', { role: 'coordinateur', region: '32' });
      await structures.attribuerRole(admin, 'ailleurs@s.fr', { role: 'coordinateur', departement: '69' });
      const s = await structures.creerStructure(admin, { nom: 'Mairie', siret: '13002526500013' });
      await structures.ajouterMembre(admin, s.id, 'resp@s.fr', 'responsable');
      await gestion.demander(await acteur('resp@s.fr'), s.id, uids[0]!);
      const sig = createSignalementsService(database.db);
      ids = [
        await sig.enregistrer({ uid: uids[0]!, type: 'horaires', message: 'Fermé le lundi', contact: 'visiteur@exemple.fr' }),
        await sig.enregistrer({ uid: uids[0]!, type: 'autre', message: 'Ancien', contact: '06 12 34 56 78' }),
        await sig.enregistrer({ uid: uids[1]!, type: 'lieu_ferme', message: 'Plus là', contact: null }),
      ];
      // The second report is older than the escalation delay.
      await database.db.updateTable('signalements').set({ cree_le: new Date(Date.now() - (DELAI_ESCALADE_JOURS + 1) * 86_400_000) }).where('id', '=', ids[1]!).execute();
    });
    after(() => database.close());

    test('managers first; coordinators of the territory after N days, or at once when nobody manages the place', async () => {
      const vus = async (email: string) => (await traitement.aTraiter(await acteur(email))).map((r) => `${r.id}:${r.raison}`).sort();
      assert.deepEqual(await vus('resp@s.fr'), [`${ids[0]}:gestionnaire`, `${ids[1]}:gestionnaire`].sort());
      assert.deepEqual(await vus('coord@s.fr'), [`${ids[1]}:escalade`, `${ids[2]}:sans_gestionnaire`].sort());
      assert.deepEqual(await vus('ailleurs@s.fr'), []);
      await assert.rejects(traitement.aTraiter(null), code('non_authentifie'));
    });

    test('e-mails: managers once per report, coordinators once on escalation or for an unmanaged place', async () => {
      assert.deepEqual(await notification.notifier(), { gestionnaires: 2, coordinateurs: 2 });
      const boite = await lireOutbox(database.db, 100);
      const a = (email: string) => boite.filter((m) => m.destinataire === email && m.sujet.startsWith('Signalement')).map((m) => m.sujet).sort();
      assert.deepEqual(a('resp@s.fr'), ['Signalement sur « Lieu géré »', 'Signalement sur « Lieu géré »']);
      assert.deepEqual(a('coord@s.fr'), ['Signalement à reprendre sur « Lieu géré »', 'Signalement à reprendre sur « Lieu sans gestionnaire »']);
      assert.deepEqual(a('ailleurs@s.fr'), []);
      assert.deepEqual(await notification.notifier(), { gestionnaires: 0, coordinateurs: 0 }, 'each step once');
    });

    test('resolve or reject with a reason; the visitor is told when they left an e-mail; handled once', async () => {
      await assert.rejects(traitement.traiter(await acteur('ailleurs@s.fr'), ids[0]!, 'resolu'), code('interdit'));
      await assert.rejects(traitement.traiter(await acteur('resp@s.fr'), ids[0]!, 'rejete'), code('formulaire_invalide'));
      assert.deepEqual(await traitement.traiter(await acteur('resp@s.fr'), ids[0]!, 'resolu', 'Horaires corrigés'), { informe: true });
      const m = (await lireOutbox(database.db)).find((x) => x.destinataire === 'visiteur@exemple.fr')!;
      assert.match(m.texte, /Lieu géré/);
      assert.match(m.texte, /Horaires corrigés/);
      await assert.rejects(traitement.traiter(await acteur('coord@s.fr'), ids[0]!, 'rejete', 'non'), code('conflit'));
      assert.deepEqual(await traitement.traiter(await acteur('coord@s.fr'), ids[1]!, 'rejete', 'Information exacte'), { informe: false }, 'a phone number is not written to');
      assert.deepEqual((await traitement.aTraiter(await acteur('resp@s.fr'))).map((r) => r.id), []);
      const audit = await database.db.selectFrom('journal_audit').select('action').where('action', '=', 'signalement.traiter').execute();
      assert.equal(audit.length, 2);
    });
  });
}
