import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { createTestApp } from '../../../test/helpers/app.ts';
import { testEngines } from '../../../test/helpers/db.ts';
import { EXEMPLE_OFFICIEL, csv, lieu } from './import/aide-test.ts';
import { uidLieu } from './lieux.ts';

const SCHEMA = path.resolve(import.meta.dirname, '../../../data/standard/schema-v1.0.2.json');

async function texte(morceaux: AsyncIterable<string>): Promise<string> {
  let s = '';
  for await (const m of morceaux) s += m;
  return s;
}

for (const engine of testEngines()) {
  describe(`export du registre (${engine})`, () => {
    let t: Awaited<ReturnType<typeof createTestApp>>;
    let dossier: string;
    before(async () => {
      t = await createTestApp({ engine });
      dossier = await mkdtemp(path.join(tmpdir(), 'maillage-export-'));
      const b = await t.deps.lieux.importer(EXEMPLE_OFFICIEL, { source: 'exemple', fichierRejets: false });
      assert.equal(b.crees, 1);
    });
    after(async () => {
      await t.close();
      await rm(dossier, { recursive: true, force: true });
    });

    it('l’exemple officiel survit à import → export CSV : en-tête, ordre, valeurs, conforme à schema.json', async () => {
      const exporte = await texte(t.deps.lieux.exporter('csv'));
      const [enteteOfficiel, ligneOfficielle] = parse(await readFile(EXEMPLE_OFFICIEL, 'utf8')) as string[][];
      const [entete, ligne, ...reste] = parse(exporte) as string[][];
      const schema = JSON.parse(await readFile(SCHEMA, 'utf8')) as { fields: { name: string; constraints?: { required?: boolean; pattern?: string } }[] };
      assert.deepEqual(entete, schema.fields.map((f) => f.name));
      assert.deepEqual(entete, enteteOfficiel);
      assert.equal(reste.length, 0);
      assert.deepEqual(ligne, ligneOfficielle);
      assert.ok(!exporte.startsWith('\uFEFF'));
      schema.fields.forEach((f, i) => {
        const v = ligne![i]!;
        if (f.constraints?.required) assert.notEqual(v, '', f.name);
        if (v && f.constraints?.pattern) assert.match(v, new RegExp(`^(?:${f.constraints.pattern})$`, 'u'), f.name);
      });
      // And the exported file re-imports without a single reject, to the same stored values.
      const fichier = path.join(dossier, 'export.csv');
      await writeFile(fichier, exporte);
      const b = await t.deps.lieux.importer(fichier, { source: 'reimport', fichierRejets: false });
      assert.deepEqual([b.crees, b.rejetes, b.nbAvertissements], [1, 0, 0]);
      const { uid: _u1, source_cle: _s1, import_id: _i1, fichier: _f1, importe_le: _d1, cree_le: _c1, modifie_le: _m1, ...original } = (await t.deps.lieux.obtenir(uidLieu('exemple', 'structure-1')))!;
      const { uid: _u2, source_cle: _s2, import_id: _i2, fichier: _f2, importe_le: _d2, cree_le: _c2, modifie_le: _m2, ...relu } = (await t.deps.lieux.obtenir(uidLieu('reimport', 'structure-1')))!;
      assert.deepEqual(relu, original);
    });

    it('des ids partagés par deux sources sont rendus uniques, de façon déterministe', async () => {
      const [entete, ...lignes] = parse(await texte(t.deps.lieux.exporter('csv'))) as string[][];
      const ids = lignes.map((l) => l[entete!.indexOf('id')]);
      const [premier, second] = [uidLieu('exemple', 'structure-1'), uidLieu('reimport', 'structure-1')].sort();
      const sourceSeconde = second === uidLieu('exemple', 'structure-1') ? 'exemple' : 'reimport';
      assert.ok(premier);
      assert.deepEqual(ids, ['structure-1', `${sourceSeconde}:structure-1`]);
    });

    it('JSON et GeoJSON : champs du standard au premier niveau, métadonnées sous « maillage »', async () => {
      const json = JSON.parse(await texte(t.deps.lieux.exporter('json'))) as Record<string, unknown>[];
      assert.equal(json.length, 2);
      assert.equal(Object.keys(json[0]!).at(0), 'id');
      assert.equal(Object.keys(json[0]!).at(-1), 'maillage');
      assert.equal(json[0]!.typologie, 'TIERS_LIEUX|ASSO');
      assert.equal(json[0]!.latitude, 43.52609);
      const geo = JSON.parse(await texte(t.deps.lieux.exporter('geojson'))) as { type: string; features: { geometry: { coordinates: number[] }; properties: { maillage: { uid: string } } }[] };
      assert.equal(geo.type, 'FeatureCollection');
      assert.deepEqual(geo.features[0]!.geometry.coordinates, [5.41423, 43.52609]);
    });

    it('l’export lit le registre par pages (mémoire bornée) sans rien perdre', async () => {
      await t.deps.lieux.importer(path.join(dossier, await ecrire(dossier, csv(Array.from({ length: 7 }, (_, i) => lieu(`p${i}`))))), { source: 'pages', fichierRejets: false });
      const morceaux: string[] = [];
      for await (const m of t.deps.lieux.exporter('csv', { taillePage: 3 })) morceaux.push(m);
      assert.equal(morceaux.length, 1 + 3); // header, then 9 places in pages of 3
      assert.equal((parse(morceaux.join('')) as string[][]).length, 10);
    });

    it('HTTP : CSV, JSON et GeoJSON en flux, avec le bon type et un nom de fichier', async () => {
      for (const [format, type] of [['csv', 'text/csv; charset=utf-8'], ['json', 'application/json; charset=utf-8'], ['geojson', 'application/geo+json; charset=utf-8']] as const) {
        const res = await t.app.request(`/api/v1/lieux.${format}`);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-type'), type);
        assert.match(res.headers.get('content-disposition')!, new RegExp(`^attachment; filename="lieux-mediation-numerique-\\d{4}-\\d{2}-\\d{2}\\.${format}"$`));
        assert.ok(res.body instanceof ReadableStream);
        const corps = await res.text();
        assert.equal(corps, await texte(t.deps.lieux.exporter(format)));
      }
    });

    it('HTTP : un lieu par uid, avec sa fraîcheur ; 404 en français sinon', async () => {
      const uid = uidLieu('exemple', 'structure-1');
      const res = await t.app.request(`/api/v1/lieux/${uid}`);
      assert.equal(res.status, 200);
      const corps = (await res.json()) as { id: string; nom: string; maillage: { uid: string; source: string; fraicheur: string; date_maj: string } };
      assert.equal(corps.id, 'structure-1');
      assert.deepEqual([corps.maillage.uid, corps.maillage.source, corps.maillage.date_maj], [uid, 'exemple', '2024-04-02']);
      assert.equal(corps.maillage.fraicheur, t.deps.lieux.fraicheur('2024-04-02'));
      for (const inconnu of ['laaaaaaaaaaaaaaa', 'pas-un-uid']) {
        const r404 = await t.app.request(`/api/v1/lieux/${inconnu}`);
        assert.equal(r404.status, 404);
        const e = (await r404.json()) as { erreur: { code: string; message: string } };
        assert.equal(e.erreur.code, 'introuvable');
        assert.match(e.erreur.message, /Aucun lieu/);
      }
    });
  });
}

let n = 0;
async function ecrire(dossier: string, contenu: string): Promise<string> {
  const nom = `pages-${n++}.csv`;
  await writeFile(path.join(dossier, nom), contenu);
  return nom;
}
