import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DatabaseHandle } from '../../db/connect.ts';
import { createTestDatabase, testEngines } from '../../../test/helpers/db.ts';
import { compterLieux, ecrireLieux, enregistrerSource, lieuParUid, pageLieux, type LigneLieu } from './lieux.repository.ts';
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
