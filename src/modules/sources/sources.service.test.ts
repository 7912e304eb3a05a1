import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestApp } from '../../../test/helpers/app.ts';
import { testEngines } from '../../../test/helpers/db.ts';
import { chargerActeur } from '../comptes/comptes.repository.ts';
import { uidLieu } from '../lieux/lieux.ts';
import { appSoyaux, CNFS, COMMUN, FRANCE_SERVICES } from '../../../test/helpers/soyaux.ts';

for (const engine of testEngines()) {
  describe(`registre fusionné (${engine})`, () => {
    let t: Awaited<ReturnType<typeof appSoyaux>>;
    before(async () => {
      t = await appSoyaux(engine);
    });
    after(() => t.close());

    const omegaCnfs = uidLieu('cnfs', 'c1');
    const omegaFs = uidLieu('france-services', 'f1');
    type Provenance = { sources: { cle: string; nom: string; date_maj: string }[]; versions: { lieu: string; action: string; auteur: string; champs: string[]; avant: Record<string, unknown>; apres: Record<string, unknown> }[] };
    const provenance = async (uid: string) => {
      const r = await t.app.request(`/api/v1/lieux/${uid}/provenance`);
      assert.equal(r.status, 200);
      return (await r.json()) as Provenance;
    };

    it('GET /api/v1/sources : le registre des sources, public', async () => {
      const r = await t.app.request('/api/v1/sources');
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('access-control-allow-origin'), '*');
      const { sources } = (await r.json()) as { sources: { cle: string; fiches: number; dernier_import: string | null }[] };
      assert.deepEqual(sources.map((x) => [x.cle, x.fiches]), [['cnfs', 2], ['france-services', 3]]);
      assert.ok(sources.every((x) => x.dernier_import && !Number.isNaN(Date.parse(x.dernier_import))));
    });

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

// Incremental run: a re-imported source changes one record of a merged place and loses another; the other
// clusters must be carried over as they were (the marker written straight into the table survives only then).
const CNFS_2 = [
  ...CNFS,
  { id: 'c4', pivot: '21160374100011', nom: 'Espace numérique de la Gare', adresse: '2 rue de la Gare', latitude: 45.66, longitude: 0.17, date_maj: '2025-01-10', ...COMMUN },
];

for (const engine of testEngines()) {
  describe(`dédoublonnage incrémental (${engine})`, () => {
    let t: Awaited<ReturnType<typeof createTestApp>>;
    let dossier: string;
    const importer = async (source: string, lignes: object[]) => {
      const f = path.join(dossier, `${source}-${Date.now()}.json`);
      await writeFile(f, JSON.stringify(lignes));
      const b = await t.deps.lieux.importer(f, { source, fichierRejets: false, maintenant: new Date('2026-01-01') });
      assert.equal(b.rejetes, 0, JSON.stringify(b.issues));
    };
    before(async () => {
      t = await createTestApp({ engine });
      dossier = await mkdtemp(path.join(tmpdir(), 'sources-inc-'));
      await importer('cnfs', CNFS_2);
      await importer('france-services', FRANCE_SERVICES);
    });
    after(async () => {
      await t.close();
      await rm(dossier, { recursive: true, force: true });
    });

    const u = { omega: uidLieu('cnfs', 'c1'), mairie: uidLieu('cnfs', 'c2'), gare: uidLieu('cnfs', 'c4'), mairieFs: uidLieu('france-services', 'f2'), cyberbase: uidLieu('france-services', 'f3') };
    const db = () => t.deps.database.db;
    /** Writes a marker into a published cluster: only a cluster carried over on the server keeps it. */
    const marquer = async (uid: string) => {
      const c = (await t.deps.sources.cluster(uid))!;
      await sql`UPDATE clusters SET lieu = lieu || '{"marque": "reprise"}'::jsonb WHERE generation = ${c.generation} AND id = ${c.cluster.id}`.execute(db());
      await sql`UPDATE cluster_paires SET score = score + 1000 WHERE generation = ${c.generation} AND cluster_id = ${c.cluster.id}`.execute(db());
    };
    const marque = async (uid: string) => ((await t.deps.sources.cluster(uid))!.cluster.lieu as { marque?: string }).marque;

    it('sans changement, tout est repris tel quel', async () => {
      const complet = await t.deps.sources.dedoublonner();
      assert.equal(complet.recalcules, complet.clusters);
      const rien = await t.deps.sources.dedoublonner({ incremental: true });
      assert.deepEqual([rien.recalcules, rien.repris, rien.fichesRecalculees, rien.comparaisons], [0, complet.clusters, 0, 0]);
      assert.equal(rien.clusters, complet.clusters);
    });

    it('ne recalcule que les groupes d’une fiche modifiée ou supprimée, reprend les autres sans les réécrire', async () => {
      for (const uid of [u.omega, u.mairie, u.gare, u.cyberbase]) await marquer(uid);
      const avant = (await t.deps.sources.cluster(u.mairie))!;
      assert.deepEqual(avant.membres.map((m) => m.uid).sort(), [u.mairie, u.mairieFs].sort());
      // The source is re-imported with a new phone for the Omega centre; France Services' record of the Mairie
      // is deleted (not the smallest uid: the cluster keeps its id, only its membership tells the change).
      assert.ok(u.mairie < u.mairieFs);
      await importer('cnfs', CNFS_2.map((l) => (l.id === 'c1' ? { ...l, telephone: '05 45 00 00 01' } : l)));
      await sql`DELETE FROM lieux WHERE uid = ${u.mairieFs}`.execute(db());

      const b = await t.deps.sources.dedoublonner({ sources: ['cnfs'] });
      assert.equal(b.recalcules, 2, 'Omega (fiche modifiée) et la mairie (fiche supprimée)');
      assert.equal(b.repris, 2, 'Cyberbase (autre source) et Gare (même source, inchangée)');
      assert.equal(await marque(u.cyberbase), 'reprise', 'un groupe d’une autre source n’est pas réécrit');
      assert.equal(await marque(u.gare), 'reprise', 'un groupe inchangé de la source réimportée n’est pas réécrit');
      const gare = (await t.deps.sources.cluster(u.gare))!;
      assert.ok(gare.generation > avant.generation);
      assert.ok(gare.paires.every((p) => p.score < 1000));
      const omega = (await t.deps.sources.cluster(u.omega))!;
      assert.equal(omega.cluster.lieu.marque, undefined, 'le groupe de la fiche modifiée est fusionné à nouveau');
      assert.equal(omega.cluster.lieu.telephone, '+33545000001');
      assert.ok(omega.paires.length === 1 && omega.paires[0]!.score < 1000);
      const mairie = (await t.deps.sources.cluster(u.mairie))!;
      assert.deepEqual(mairie.membres.map((m) => m.uid), [u.mairie], 'la fiche supprimée a quitté son groupe');
      assert.deepEqual([mairie.cluster.id, mairie.cluster.taille], [avant.cluster.id, 1]);
      assert.equal(mairie.cluster.lieu.marque, undefined);
      assert.equal(await t.deps.sources.cluster(u.mairieFs), undefined);

      // A full run finds the same clusters, and carries over what did not change either.
      const complet = await t.deps.sources.dedoublonner();
      assert.deepEqual([complet.clusters, complet.recalcules, complet.repris], [b.clusters, 0, b.clusters]);
      assert.equal(await marque(u.cyberbase), 'reprise');
    });
  });
}
