import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../../test/helpers/db.ts';
import { compterLieux, lieuParUid } from '../lieux.repository.ts';
import { uidLieu } from '../lieux.ts';
import { CANAL_LIEUX_MODIFIES } from './importer.ts';
import { csv, lieu, registreDeTest } from './aide-test.ts';

const FICHIERS_REELS = path.resolve(import.meta.dirname, '../../../../data/lieux-reels');

for (const engine of testEngines()) {
  describe(`import dans le registre (${engine})`, () => {
    let r: Awaited<ReturnType<typeof registreDeTest>>;
    before(async () => {
      r = await registreDeTest(engine);
    });
    after(() => r.close());

    it('ré-importer la même source met à jour, sans doublon ; modifie_le ne bouge que pour ce qui a changé', async () => {
      const premier = await r.importer(await r.fichier(csv([lieu('a'), lieu('b')])), { source: 'reimport' });
      assert.deepEqual([premier.crees, premier.misAJour, premier.inchanges], [2, 0, 0]);
      const avantB = (await lieuParUid(r.database.db, uidLieu('reimport', 'b')))!;
      const second = await r.importer(await r.fichier(csv([lieu('a', { nom: 'Nouveau nom' }), lieu('b'), lieu('c')])), { source: 'reimport' });
      assert.deepEqual([second.crees, second.misAJour, second.inchanges], [1, 1, 1]);
      assert.equal(await compterLieux(r.database.db, 'reimport'), 3);
      assert.equal((await lieuParUid(r.database.db, uidLieu('reimport', 'a')))!.nom, 'Nouveau nom');
      const apresB = (await lieuParUid(r.database.db, uidLieu('reimport', 'b')))!;
      assert.equal(apresB.modifie_le.getTime(), avantB.modifie_le.getTime());
      assert.equal(apresB.import_id, second.importId, 'the record points at the import that last saw it');
    });

    it('deux premières importations simultanées d’une même source : l’une écrit, l’autre attend puis met à jour, sans erreur ni doublon', async () => {
      // On PostgreSQL the first import of a source is a plain COPY (copieDirecte): the source row's lock must
      // make the second wait and then take the upsert path, or its COPY would hit the first one's keys.
      const lignes = Array.from({ length: 300 }, (_, i) => lieu(`s${i}`));
      const [a, b] = await Promise.all([
        r.importer(await r.fichier(csv(lignes)), { source: 'simultanee', tailleLot: 100 }),
        r.importer(await r.fichier(csv(lignes.map((l) => ({ ...l, nom: 'Autre nom' })))), { source: 'simultanee', tailleLot: 100 }),
      ]);
      assert.deepEqual([a.ecrit, b.ecrit], [true, true]);
      assert.deepEqual([a.crees + b.crees, a.misAJour + b.misAJour], [300, 300]);
      assert.equal(await compterLieux(r.database.db, 'simultanee'), 300);
    });

    it('deux id qui ne diffèrent que par un demi-caractère UTF-16 (échappements JSON) sont un même id : le second est rejeté', async () => {
      // Written in UTF-8, a lone surrogate becomes U+FFFD: « x\ud800 » and « x\udc00 » are the same id in the
      // register. A first import's plain COPY would fail on it; an upsert would overwrite the first record.
      const json = `[${JSON.stringify(lieu('x\ud800'))},${JSON.stringify(lieu('x\udc00'))}]`;
      const bilan = await r.importer(await r.fichier(json, 'demi.json'), { source: 'demi-caractere', tailleLot: 1, ignorerInvalides: true });
      assert.deepEqual([bilan.crees, bilan.misAJour, bilan.rejetes], [1, 0, 1]);
      assert.equal(bilan.issues[0]?.key, 'duplicate_id');
      assert.equal(await compterLieux(r.database.db, 'demi-caractere'), 1);
    });

    it('tout ou rien : une ligne invalide et le registre reste exactement comme avant', async () => {
      await r.importer(await r.fichier(csv([lieu('a'), lieu('b')])), { source: 'atomique' });
      const avant = await r.database.db.selectFrom('lieux').selectAll().where('source_cle', '=', 'atomique').orderBy('uid').execute();
      const imports = await r.database.db.selectFrom('imports').select('id').execute();
      // 600 valid rows, written in 100-row batches before the bad row is met, then one bad row.
      const lignes = [lieu('a', { nom: 'Changé' }), ...Array.from({ length: 600 }, (_, i) => lieu(`n${i}`)), lieu('z', { code_postal: 'x' })];
      const b = await r.importer(await r.fichier(csv(lignes)), { source: 'atomique', tailleLot: 100 });
      assert.deepEqual([b.ecrit, b.rejetes, b.crees, b.misAJour], [false, 1, 0, 0]);
      const apres = await r.database.db.selectFrom('lieux').selectAll().where('source_cle', '=', 'atomique').orderBy('uid').execute();
      assert.deepEqual(apres, avant);
      assert.equal((await r.database.db.selectFrom('imports').select('id').execute()).length, imports.length);
    });

    it('une ligne invalide en tête puis des lots entiers : rien sans --skip-invalid ; avec, chaque ligne valide écrite telle quelle', async () => {
      const lignes = [lieu('mauvais', { code_postal: 'x' }), ...Array.from({ length: 350 }, (_, i) => lieu(`v${i}`, { nom: `Lieu ${i}\tà «tab»` }))];
      const chemin = await r.fichier(csv(lignes));
      const sans = await r.importer(chemin, { source: 'tete', tailleLot: 100 });
      assert.deepEqual([sans.ecrit, sans.rejetes, sans.crees], [false, 1, 0]);
      assert.equal(await compterLieux(r.database.db, 'tete'), 0);
      const avec = await r.importer(chemin, { source: 'tete', tailleLot: 100, ignorerInvalides: true });
      assert.deepEqual([avec.ecrit, avec.rejetes, avec.crees], [true, 1, 350]);
      const noms = await r.database.db.selectFrom('lieux').select(['id', 'nom']).where('source_cle', '=', 'tete').execute();
      assert.equal(noms.length, 350);
      // Each batch's rows, not another batch's (buffers are reused from one batch to the next).
      for (const { id, nom } of noms) assert.equal(nom, `Lieu ${id.slice(1)}\tà «tab»`);
    });

    it('une erreur de fichier au milieu (JSON tronqué) ne laisse rien non plus', async () => {
      const json = JSON.stringify(Array.from({ length: 700 }, (_, i) => lieu(`t${i}`)));
      await assert.rejects(r.importer(await r.fichier(json.slice(0, -50), 'tronque.json'), { source: 'tronque', tailleLot: 100 }));
      assert.equal(await compterLieux(r.database.db, 'tronque'), 0);
    });

    it('prévient les index de recherche après le commit, pas après un échec', async () => {
      const recus: string[] = [];
      const stop = await r.database.listen(CANAL_LIEUX_MODIFIES, (p) => recus.push(p));
      try {
        await r.importer(await r.fichier(csv([lieu('x', { code_postal: 'x' })])), { source: 'notif' });
        const b = await r.importer(await r.fichier(csv([lieu('x')])), { source: 'notif' });
        for (let i = 0; i < 50 && recus.length === 0; i++) await new Promise((ok) => setTimeout(ok, 20));
        assert.deepEqual(recus, [String(b.importId)]);
      } finally {
        await stop();
      }
    });

    if (engine === 'pglite') {
      it('chaque fichier réel s’importe ; chaque ligne rejetée a sa raison', async () => {
        for (const f of (await readdir(FICHIERS_REELS)).filter((n) => n.endsWith('.json')).sort()) {
          const rejets = path.join(r.dossier, `${f}.rejets.csv`);
          const b = await r.importer(path.join(FICHIERS_REELS, f), { source: f.replace(/\.json$/, ''), ignorerInvalides: true, fichierRejets: rejets });
          const elements = (JSON.parse(await readFile(path.join(FICHIERS_REELS, f), 'utf8')) as unknown[]).length;
          assert.equal(b.lus, elements, f);
          assert.equal(b.crees + b.rejetes, b.lus, f);
          assert.ok(b.crees > b.lus / 2, `${f}: ${b.crees}/${b.lus}`);
          if (b.rejetes) {
            const lignes = (await readFile(rejets, 'utf8')).trim().split('\n').slice(1);
            const rejetees = new Set(lignes.map((l) => l.split(';')[0]));
            assert.equal(rejetees.size, b.rejetes, `${f}: one line number per rejected row`);
            for (const l of lignes) assert.ok(l.split(';').at(-1)!.length > 5, l);
          }
          console.log(`${f}: ${b.lus} lus, ${b.crees} créés, ${b.rejetes} rejetés, ${b.nbAvertissements} avertissements`);
        }
      });
    }
  });
}
