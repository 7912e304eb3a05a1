import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestApp } from '../../../test/helpers/app.ts';
import { testEngines } from '../../../test/helpers/db.ts';
import { chargerActeur } from '../comptes/comptes.repository.ts';
import { uidLieu } from '../lieux/lieux.ts';

const COMMUN = { commune: 'Soyaux', code_postal: '16800', typologie: 'CS' };
// Two sources publish the Omega centre and the Mairie; only one publishes the Cyberbase.
const CNFS = [
  { id: 'c1', pivot: '42017950900021', nom: 'Centre social OMEGA', adresse: 'Place Jean-Jacques Rousseau', latitude: 45.647596, longitude: 0.185554, telephone: '05 45 95 28 11', date_maj: '2025-01-10', services: 'Prendre en main un smartphone ou une tablette', ...COMMUN },
  { id: 'c2', pivot: '21160374100011', nom: 'Mairie de Soyaux', adresse: '235 av. du Général de Gaulle', latitude: 45.641629, longitude: 0.192714, date_maj: '2025-01-10', ...COMMUN, typologie: 'MUNI' },
];
const FRANCE_SERVICES = [
  { id: 'f1', pivot: '420 179 509 00021', nom: 'OMEGA - SOYAUX', adresse: 'place Jean Jacques Rousseau', latitude: 45.6477, longitude: 0.1857, horaires: 'Mo-Fr 09:00-12:00', date_maj: '2024-03-01', services: 'Réaliser des démarches administratives avec un accompagnement', ...COMMUN },
  { id: 'f2', pivot: '21160374100011', nom: 'MAIRIE DE SOYAUX', adresse: '235 avenue du General de Gaulle', date_maj: '2025-06-01', telephone: '+33545976000', ...COMMUN, typologie: 'MUNI' },
  { id: 'f3', pivot: '21160374100011', nom: 'Cyberbase', adresse: '1 rue de la Gare', latitude: 45.65, longitude: 0.18, date_maj: '2025-06-01', ...COMMUN },
];

for (const engine of testEngines()) {
  describe(`registre fusionné (${engine})`, () => {
    let t: Awaited<ReturnType<typeof createTestApp>>;
    let dossier: string;
    before(async () => {
      t = await createTestApp({ engine });
      dossier = await mkdtemp(path.join(tmpdir(), 'sources-'));
      for (const [source, lignes] of [['cnfs', CNFS], ['france-services', FRANCE_SERVICES]] as const) {
        const f = path.join(dossier, `${source}.json`);
        await writeFile(f, JSON.stringify(lignes));
        const b = await t.deps.lieux.importer(f, { source, fichierRejets: false, maintenant: new Date('2026-01-01') });
        assert.equal(b.rejetes, 0, JSON.stringify(b.issues));
      }
    });
    after(async () => {
      await t.close();
      await rm(dossier, { recursive: true, force: true });
    });

    const omegaCnfs = uidLieu('cnfs', 'c1');
    const omegaFs = uidLieu('france-services', 'f1');
    type Provenance = { sources: { cle: string; nom: string; date_maj: string }[]; versions: { lieu: string; action: string; auteur: string; champs: string[]; avant: Record<string, unknown>; apres: Record<string, unknown> }[] };
    const provenance = async (uid: string) => {
      const r = await t.app.request(`/api/v1/lieux/${uid}/provenance`);
      assert.equal(r.status, 200);
      return (await r.json()) as Provenance;
    };

    it('une simulation n’écrit rien', async () => {
      const b = await t.deps.sources.dedoublonner({ simulation: true });
      assert.equal(b.lieux, 5);
      assert.equal(b.clusters, 3);
      assert.equal(b.generation, null);
      assert.equal(await t.deps.sources.cluster(omegaCnfs), undefined);
    });

    it('publie une fiche par lieu, chaque champ avec sa source, et l’API la donne', async () => {
      const b = await t.deps.sources.dedoublonner();
      assert.equal(b.clusters, 3);
      assert.equal(b.multiples, 2);
      const c = (await t.deps.sources.cluster(omegaFs))!;
      assert.deepEqual(c.membres.map((m) => m.uid).sort(), [omegaCnfs, omegaFs].sort());
      assert.equal(c.cluster.lieu.nom, 'Centre social OMEGA', 'le nom le plus récent');
      assert.equal(c.cluster.provenance.horaires![0]!.source, 'france-services', 'complété par la source plus ancienne');
      assert.deepEqual((c.cluster.provenance.services ?? []).map((o) => o.source).sort(), ['cnfs', 'france-services']);
      const r = await t.app.request(`/api/v1/lieux/${omegaCnfs}/provenance`);
      assert.equal(r.status, 200);
      const json = (await r.json()) as { id: string; provenance: Record<string, { source: string }[]>; fiches_d_origine: unknown[]; paires: { signaux: unknown[] }[] };
      assert.equal(json.id, c.cluster.id);
      assert.equal(json.fiches_d_origine.length, 2);
      assert.ok(json.paires[0]!.signaux.length > 3);
      assert.equal((await t.app.request('/api/v1/lieux/inconnu/provenance')).status, 404);
    });

    it('garde les mêmes id de groupe quand rien ne change, et respecte une décision manuelle', async () => {
      const avant = (await t.deps.sources.cluster(omegaCnfs))!.cluster.id;
      await t.deps.sources.dedoublonner();
      assert.equal((await t.deps.sources.cluster(omegaCnfs))!.cluster.id, avant);
      await t.deps.sources.decider({ uidA: omegaFs, uidB: omegaCnfs, verdict: 'different' });
      const b = await t.deps.sources.dedoublonner();
      assert.equal(b.multiples, 1);
      assert.notEqual((await t.deps.sources.cluster(omegaFs))!.cluster.id, (await t.deps.sources.cluster(omegaCnfs))!.cluster.id);
      await assert.rejects(t.deps.sources.decider({ uidA: omegaFs, uidB: 'lzzzzzzzzzzzzzzz', verdict: 'meme' }), /Aucune fiche/);
    });

    it('un recalcul limité à une source ne compare que ses fiches et garde les autres groupes', async () => {
      const complet = await t.deps.sources.dedoublonner();
      const ids = new Map<string, string>();
      for (const uid of [omegaCnfs, omegaFs, uidLieu('cnfs', 'c2'), uidLieu('france-services', 'f3')]) ids.set(uid, (await t.deps.sources.cluster(uid))!.cluster.id);
      const partiel = await t.deps.sources.dedoublonner({ sources: ['france-services'] });
      assert.equal(partiel.clusters, complet.clusters);
      for (const [uid, id] of ids) assert.equal((await t.deps.sources.cluster(uid))!.cluster.id, id);
      assert.ok(partiel.comparaisons <= complet.comparaisons);
    });

    it('un arrêt brutal avant la bascule laisse le registre fusionné précédent en place', async () => {
      const avant = await t.deps.sources.cluster(omegaCnfs);
      await t.deps.sources.decider({ uidA: omegaFs, uidB: omegaCnfs, verdict: 'meme' });
      await assert.rejects(t.deps.sources.dedoublonner({ avantBascule: () => { throw new Error('arrêt simulé'); } }), /arrêt simulé/);
      const apres = await t.deps.sources.cluster(omegaCnfs);
      assert.equal(apres!.generation, avant!.generation);
      assert.equal(apres!.membres.length, 1);
      const b = await t.deps.sources.dedoublonner();
      assert.equal(b.multiples, 2, 'la décision « même lieu » s’applique au passage suivant');
    });

    it('la provenance donne les sources, leurs dates et les modifications des gestionnaires sans donnée personnelle', async () => {
      const { structures, gestion } = t.deps.comptes;
      const admin = (await structures.creerAdministrateur('admin@prov.fr')).acteur!;
      // The structure's SIRET is the place's pivot: its request is granted at once.
      const s = await structures.creerStructure(admin, { nom: 'Centre social OMEGA (gestion)', siret: '42017950900021' });
      await structures.ajouterMembre(admin, s.id, 'responsable.personnel@prov.fr', 'responsable');
      const id = (await t.deps.database.db.selectFrom('utilisateurs').select('id').where('email', '=', 'responsable.personnel@prov.fr').executeTakeFirstOrThrow()).id;
      const resp = (await chargerActeur(t.deps.database.db, id))!;
      assert.equal((await gestion.demander(resp, s.id, omegaCnfs)).statut, 'accordee');

      let json = await provenance(omegaFs);
      assert.deepEqual(json.versions, [], 'aucune modification encore');
      assert.deepEqual(json.sources.map((x) => [x.cle, x.date_maj]), [['cnfs', '2025-01-10'], ['france-services', '2024-03-01']], 'les sources, données les plus récentes d’abord');

      await gestion.modifier(resp, omegaCnfs, { telephone: '+33545000000' });
      await gestion.confirmer(admin, omegaFs);
      json = await provenance(omegaFs);
      assert.equal(json.versions.length, 2, 'les modifications de chaque fiche du groupe');
      const [confirmation, modification] = json.versions;
      assert.deepEqual([confirmation!.action, confirmation!.lieu, confirmation!.auteur], ['confirmer', omegaFs, 'Administration nationale de Maillage']);
      assert.deepEqual([modification!.action, modification!.lieu, modification!.auteur], ['modifier', omegaCnfs, 'Centre social OMEGA (gestion)']);
      assert.deepEqual(modification!.champs, ['date_maj', 'telephone']);
      assert.deepEqual([modification!.avant.telephone, modification!.apres.telephone], ['+33545952811', '+33545000000']);
      assert.ok(!JSON.stringify(json).includes('@prov.fr'), 'aucun courriel de personne');
      assert.ok(!JSON.stringify(json).includes('auteur_id'));
      // The single-record cluster of the Cyberbase: one source.
      assert.equal((await provenance(uidLieu('france-services', 'f3'))).sources.length, 1);
    });
  });
}
