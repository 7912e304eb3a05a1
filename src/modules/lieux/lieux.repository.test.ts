import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../db/connect.ts';
import { createTestDatabase, testEngines } from '../../../test/helpers/db.ts';
import { copierDepuis } from './import/copie-pg.ts';
import {
  compterLieux, copieDirecte, creerImport, creerTableImport, ecrireLieux, enregistrerSource, ligneCopie, lieuParUid, lireCompteLot, pageLieux,
  requeteLotImport, sourceSansLieux, type LigneLieu,
} from './lieux.repository.ts';
import { fraicheur, uidLieu } from './lieux.ts';

function ligne(id: string, source = 'essai', autres: Partial<LigneLieu> = {}): LigneLieu {
  return {
    uid: uidLieu(source, id), source_cle: source, id, pivot: '43493312300029', nom: `Lieu ${id}`, commune: 'Reims', code_postal: '51100',
    code_insee: '51454', adresse: '1 rue X', complement_adresse: null, latitude: 49.25, longitude: 4.03, typologie: ['EPN', 'ASSO'],
    telephone: null, courriels: ['a@b.fr'], site_web: null, horaires: null, presentation_resume: null, presentation_detail: null,
    source: null, itinerance: null, structure_parente: null, date_maj: '2024-04-02', services: null, publics_specifiquement_adresses: null,
    prise_en_charge_specifique: null, frais_a_charge: null, dispositif_programmes_nationaux: null, formations_labels: null,
    autres_formations_labels: null, modalites_acces: null, modalites_accompagnement: null, fiche_acces_libre: null, prise_rdv: null,
    hors_standard: '{}', ...autres,
  };
}

describe('uid et fraîcheur', () => {
  it('uid : stable, 16 caractères base32, distinct par source', () => {
    assert.equal(uidLieu('s', '1'), uidLieu('s', '1'));
    assert.match(uidLieu('s', '1'), /^l[a-z2-7]{15}$/);
    assert.notEqual(uidLieu('s', '1'), uidLieu('t', '1'));
    // The separator keeps ('ab','c') and ('a','bc') apart.
    assert.notEqual(uidLieu('ab', 'c'), uidLieu('a', 'bc'));
    // Values computed by the first implementation: a uid never changes for the same (source, id).
    assert.deepEqual([uidLieu('s', '1'), uidLieu('essai', 'é😀 a\u0000b'), uidLieu('conseillers-numeriques', 'e1f0c3a2-0000')], ['l5vsxmqi5ho75bxg', 'ltbhkdju2bminan5', 'l5vk2rjdykisox42']);
  });

  it('fraîcheur : 12 et 18 mois calendaires', () => {
    const le = new Date('2025-07-15T12:00:00Z');
    assert.equal(fraicheur('2024-07-16', le), 'a_jour');
    assert.equal(fraicheur('2024-07-15', le), 'a_verifier');
    assert.equal(fraicheur('2024-01-16', le), 'a_verifier');
    assert.equal(fraicheur('2024-01-15', le), 'a_actualiser');
  });
});

for (const engine of testEngines()) {
  describe(`dépôt des lieux (${engine})`, () => {
    let base: DatabaseHandle;
    before(async () => {
      base = await createTestDatabase(engine);
      await enregistrerSource(base.db, { cle: 'essai', nom: 'essai', format: 'standard-v1' });
      await enregistrerSource(base.db, { cle: 'autre', nom: 'autre', format: 'standard-v1' });
    });
    after(() => base.close());

    it('crée, puis ne change rien, puis met à jour — modifie_le ne bouge que si le contenu change', async () => {
      assert.deepEqual(await ecrireLieux(base.db, [ligne('1'), ligne('2')]), { crees: 2, misAJour: 0, inchanges: 0 });
      const avant = await lieuParUid(base.db, uidLieu('essai', '1'));
      assert.deepEqual(avant!.typologie, ['EPN', 'ASSO']);
      assert.deepEqual(await base.db.transaction().execute((trx) => ecrireLieux(trx, [ligne('1'), ligne('2')])), { crees: 0, misAJour: 0, inchanges: 2 });
      const inchange = await lieuParUid(base.db, uidLieu('essai', '1'));
      assert.equal(inchange!.modifie_le.getTime(), avant!.modifie_le.getTime());
      const r = await base.db.transaction().execute((trx) => ecrireLieux(trx, [ligne('1', 'essai', { nom: 'Nouveau nom' }), ligne('2'), ligne('3')]));
      assert.deepEqual(r, { crees: 1, misAJour: 1, inchanges: 1 });
      const apres = await lieuParUid(base.db, uidLieu('essai', '1'));
      assert.equal(apres!.nom, 'Nouveau nom');
      assert.ok(apres!.modifie_le.getTime() > avant!.modifie_le.getTime());
      assert.equal(await compterLieux(base.db, 'essai'), 3);
    });

    it('textes et listes relus à l’identique : guillemets, antislashs, virgules, accolades, « NULL », liste vide', async () => {
      const bizarre = ['a"b', 'c\\d', 'e,f', '{g}', 'NULL', ' h ', '\\"', 'é😀'];
      await enregistrerSource(base.db, { cle: 'speciale', nom: 'speciale', format: 'standard-v1' });
      const l = ligne('spécial', 'speciale', { nom: 'Nom "entre" \\ guillemets, {accolades}', typologie: bizarre, courriels: [], services: ['NULL'], latitude: -0.5, presentation_resume: 'NULL' });
      await base.db.transaction().execute((trx) => ecrireLieux(trx, [l, ligne('spécial-2', 'speciale', { date_maj: new Date('2024-05-06T12:00:00Z') as never })]));
      const lu = await lieuParUid(base.db, uidLieu('speciale', 'spécial'));
      assert.equal(lu!.nom, l.nom);
      assert.deepEqual(lu!.typologie, bizarre);
      assert.deepEqual(lu!.courriels, []);
      assert.deepEqual(lu!.services, ['NULL']);
      assert.equal(lu!.presentation_resume, 'NULL');
      assert.equal(lu!.latitude, -0.5);
      assert.equal(lu!.pivot, '43493312300029');
      // A Date (another caller's kind of value) goes through pg's generic serialiser.
      assert.ok(await lieuParUid(base.db, uidLieu('speciale', 'spécial-2')));
      // The other tests of this database count every row.
      await base.db.deleteFrom('lieux').where('source_cle', '=', 'speciale').execute();
    });

    if (engine === 'postgres') {
      it('COPY dans la table d’import puis upsert : mêmes valeurs relues, mêmes comptes, modifie_le inchangé si rien ne change', async () => {
        const bizarre = ['a"b', 'c\\d', 'e,f', '{g}', 'NULL', ' h ', '\\"', 'é😀', 'tab\tici', 'l1\nl2', 'cr\r', '\\N', '\\t'];
        const nom = 'Nom "entre" \\ guillemets, {accolades}\ttab\nligne\r\\N';
        const lignes = [
          ligne('c1', 'copie', { nom, typologie: bizarre, courriels: [], services: ['NULL'], latitude: -0.5, presentation_resume: '\\N', presentation_detail: null, hors_standard: '{"x":"y\\t"}', code_insee_deduit: true }),
          ligne('c2', 'copie'),
        ];
        const ecrire = (ls: LigneLieu[]) =>
          base.connexionDediee!((db, client) =>
            db.transaction().execute(async (trx) => {
              const importId = await creerImport(trx, { sourceCle: 'copie', fichier: 'f.csv', format: 'essai' });
              await creerTableImport(trx);
              const requete = requeteLotImport(trx, { source: 'copie', fichier: "f'\\.csv", importId, demo: true });
              const compte = lireCompteLot(await copierDepuis(client, requete, Buffer.from(ls.map((l) => ligneCopie(l)).join(''))));
              // The staging table was emptied by the same query.
              assert.equal((await sql<{ n: number }>`SELECT count(*)::int4 AS n FROM import_lieux`.execute(trx)).rows[0]!.n, 0);
              return { ...compte, importId };
            }),
          );
        await enregistrerSource(base.db, { cle: 'copie', nom: 'copie', format: 'standard-v1' });
        const premier = await ecrire(lignes);
        assert.deepEqual([premier.crees, premier.misAJour, premier.inchanges], [2, 0, 0]);
        const lu = (await lieuParUid(base.db, uidLieu('copie', 'c1')))!;
        assert.equal(lu.nom, nom);
        assert.deepEqual(lu.typologie, bizarre);
        assert.deepEqual(lu.courriels, []);
        assert.deepEqual(lu.services, ['NULL']);
        assert.equal(lu.presentation_resume, '\\N');
        assert.equal(lu.presentation_detail, null);
        assert.equal(lu.latitude, -0.5);
        assert.deepEqual(lu.hors_standard, { x: 'y\t' });
        assert.deepEqual([lu.source_cle, lu.fichier, lu.import_id, lu.demo, lu.code_insee_deduit, lu.coordonnees_approchees], ['copie', "f'\\.csv", premier.importId, true, true, false]);
        const second = await ecrire([lignes[0]!, ligne('c2', 'copie', { nom: 'Changé' }), ligne('c3', 'copie')]);
        assert.deepEqual([second.crees, second.misAJour, second.inchanges], [1, 1, 1]);
        const relu = (await lieuParUid(base.db, uidLieu('copie', 'c1')))!;
        assert.equal(relu.modifie_le.getTime(), lu.modifie_le.getTime());
        assert.equal(relu.import_id, second.importId);
        // A COPY the server refuses (here, a missing column) fails the write instead of being lost.
        await assert.rejects(
          base.connexionDediee!((db, client) => db.transaction().execute(async (trx) => {
            await creerTableImport(trx);
            await copierDepuis(client, requeteLotImport(trx, { source: 'copie', fichier: 'f', importId: 1, demo: false }), Buffer.from('seulement\tdeux\n'));
          })),
          /missing data|données manquantes/,
        );
        // The connection was given back usable (or replaced): the pool still answers.
        assert.equal(await compterLieux(base.db, 'copie'), 3);
        await base.db.deleteFrom('lieux').where('source_cle', '=', 'copie').execute();
      });
    }

    if (engine === 'postgres') {
      it('première importation d’une source : COPY direct dans lieux, constantes en fin de ligne, mêmes valeurs relues', async () => {
        const nom = 'Nom "entre" \\ guillemets\ttab\nligne\\N';
        const lignes = [ligne('d1', 'directe', { nom, typologie: ['a"b', 'c\\d', 'tab\tici'], hors_standard: '{"x":"y\\t"}' }), ligne('d2', 'directe')];
        await enregistrerSource(base.db, { cle: 'directe', nom: 'directe', format: 'standard-v1' });
        assert.equal(await sourceSansLieux(base.db, 'directe'), true);
        const importId = await base.connexionDediee!((db, client) =>
          db.transaction().execute(async (trx) => {
            const id = await creerImport(trx, { sourceCle: 'directe', fichier: 'f.csv', format: 'essai' });
            const { requete, suffixe } = copieDirecte({ source: 'directe', fichier: "f'\t\\.csv", importId: id, demo: true });
            assert.deepEqual(await copierDepuis(client, requete, Buffer.from(lignes.map((l) => ligneCopie(l, suffixe)).join(''))), []);
            return id;
          }),
        );
        assert.equal(await sourceSansLieux(base.db, 'directe'), false);
        const lu = (await lieuParUid(base.db, uidLieu('directe', 'd1')))!;
        assert.equal(lu.nom, nom);
        assert.deepEqual(lu.typologie, ['a"b', 'c\\d', 'tab\tici']);
        assert.deepEqual(lu.hors_standard, { x: 'y\t' });
        assert.deepEqual([lu.source_cle, lu.fichier, lu.import_id, lu.demo], ['directe', "f'\t\\.csv", importId, true]);
        // The register's own constraints still hold on this path: a second COPY of the same rows is refused.
        await assert.rejects(
          base.connexionDediee!((db, client) => db.transaction().execute(async () => {
            const { requete, suffixe } = copieDirecte({ source: 'directe', fichier: 'f', importId, demo: false });
            await copierDepuis(client, requete, Buffer.from(ligneCopie(lignes[0]!, suffixe)));
          })),
          /lieux_pkey|duplicate key|clé dupliquée/,
        );
        assert.equal(await compterLieux(base.db, 'directe'), 2);
        await base.db.deleteFrom('lieux').where('source_cle', '=', 'directe').execute();
      });
    }

    it('pages en ordre (id, uid), sans trou ni doublon', async () => {
      await ecrireLieux(base.db, [ligne('1', 'autre'), ligne('10', 'autre')]);
      const vus: string[] = [];
      let apres: { id: string; uid: string } | undefined;
      for (;;) {
        const page = await pageLieux(base.db, apres, 2);
        if (!page.length) break;
        vus.push(...page.map((l) => `${l.id}/${l.source_cle}`));
        apres = { id: page.at(-1)!.id, uid: page.at(-1)!.uid };
      }
      assert.equal(vus.length, 5);
      assert.equal(new Set(vus).size, 5);
      assert.deepEqual(vus.map((v) => v.split('/')[0]), ['1', '1', '10', '2', '3']);
    });
  });
}
