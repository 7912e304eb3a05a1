import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestApp } from '../../../../test/helpers/app.ts';
import { uidLieu } from '../../lieux/lieux.ts';
import { appliquer, decouperAdresse } from './correspondance.ts';
import { horairesVersOsm } from './horaires.ts';
import { importerBrut } from './importer-brut.ts';
import { lambert93VersWgs84 } from './lambert93.ts';
import { SOURCES_BRUTES, sourceBrute } from './sources-brutes.ts';

const DOSSIER = new URL('../../../../data/sources-brutes/', import.meta.url);
const MAINTENANT = new Date('2026-11-24T12:00:00Z');

describe('horaires en texte libre → OpenStreetMap', () => {
  const cas: [string, string][] = [
    ['Les lundi, mardi, jeudi et vendredi de 09h00 à 17h00', 'Mo,Tu,Th,Fr 09:00-17:00'],
    ['Du lundi au vendredi 9h-12h / 14h-17h', 'Mo-Fr 09:00-12:00,14:00-17:00'],
    ['mardi de 10h à 12h, le mardi de 14h à 16h, le mercredi de 10h à 12h, le vendredi de 14 à 16h', 'Tu 10:00-12:00,14:00-16:00; We 10:00-12:00; Fr 14:00-16:00'],
    ['La semaine de 8h30 à 12h00 et le samedi de 9h15 à 11h30', 'Mo-Fr 08:30-12:00; Sa 09:15-11:30'],
    ['Lundi : 09:00 - 12:00', 'Mo 09:00-12:00'],
  ];
  for (const [texte, osm] of cas) it(texte, () => assert.deepEqual(horairesVersOsm(texte), { ok: true, osm }));
  it('refuse ce qu’il ne sait pas lire, avec la raison', () => {
    for (const texte of ['Du lundi au vendredi sur rendez-vous', 'Le premier mercredi du mois de 14h00 à 17h00', 'Du lundi au vendredi', 'lundi 9h-12h et lundi 10h-13h']) {
      const r = horairesVersOsm(texte);
      assert.equal(r.ok, false, texte);
      assert.ok(!r.ok && r.raison.length > 5);
    }
  });
  it('convertit la majorité des horaires réels de Corse et de la Creuse', async () => {
    let ok = 0;
    let total = 0;
    for (const f of ['raw-corse.json', 'raw-la-creuse.json']) {
      for (const l of JSON.parse(await readFile(new URL(f, DOSSIER), 'utf8')) as Record<string, unknown>[]) {
        const h = l['Horaires'] ?? l['horaires'];
        if (typeof h !== 'string') continue;
        total++;
        if (horairesVersOsm(h).ok) ok++;
      }
    }
    assert.ok(ok / total > 0.75, `${ok}/${total}`);
  });
});

describe('correspondances déclarées', () => {
  it('Lambert-93 → WGS84 (Allonnes, Maine-et-Loire)', () => {
    assert.deepEqual(lambert93VersWgs84(475198.121680863, 6692424.50691385), { latitude: 47.294016, longitude: 0.02466 });
  });
  it('découpe adresse, code postal et commune', () => {
    assert.deepEqual(decouperAdresse('8 rue de la Boétie - 33000 Bordeaux'), { adresse: '8 rue de la Boétie', codePostal: '33000', commune: 'Bordeaux' });
    assert.deepEqual(decouperAdresse('Mairie de Corscia 20224 CORSCIA'), { adresse: 'Mairie de Corscia', codePostal: '20224', commune: 'CORSCIA' });
  });
  it('traduit les valeurs locales et garde hors standard ce qui ne se traduit pas', () => {
    const m = appliquer(sourceBrute('gironde-numerique')!, { Lieu: 'Abracodabra', 'Adresse postale': '8 rue de la Boétie - 33000 Bordeaux', 'Type Structure': 'Association', services: 'Accès à Internet en autonomie / Faire du vélo', 'Dernière MAJ': '07/12/2021' }, 1);
    assert.deepEqual(m.champs.services, ['Accès internet et matériel informatique']);
    assert.equal(m.champs.services_origine, 'Faire du vélo');
    assert.deepEqual(m.champs.typologie, ['ASSO']);
    assert.equal(m.avertissements[0]!.key, 'unmapped_value');
  });
});

describe('import des fichiers bruts', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let dossier: string;
  before(async () => {
    t = await createTestApp();
    dossier = await mkdtemp(path.join(tmpdir(), 'brut-'));
  });
  after(async () => {
    await t.close();
    await rm(dossier, { recursive: true, force: true });
  });

  it('un fichier dont une ligne ne correspond pas est refusé avec ses raisons, et le registre reste intact', async () => {
    const f = path.join(dossier, 'creuse.json');
    await writeFile(f, JSON.stringify([
      { id: 1, nom: 'Atelier de Dun', adresse: '9 Place de la Poste', code_postal: '23800', commune: 'Dun-le-Palestel', téléphone: '07 63 96 03 77', horaires: 'vendredi de 16h30 à 18h30' },
      { id: 2, nom: 'Sans adresse', code_postal: '23800', commune: 'Dun-le-Palestel' },
    ]));
    await assert.rejects(importerBrut(t.deps.lieux, 'creuse-numerique', f, { maintenant: MAINTENANT }), (e: Error & { details: { line?: number; field?: string }[] }) => {
      assert.match(e.message, /1 ligne\(s\) sur 2/);
      assert.deepEqual(e.details.map((d) => [d.line, d.field]), [[2, 'adresse']]);
      return true;
    });
    assert.equal(await t.deps.lieux.compter(), 0);
    const b = await importerBrut(t.deps.lieux, 'creuse-numerique', f, { maintenant: MAINTENANT, ignorerInvalides: true });
    assert.equal(b.import!.crees, 1);
    const lieu = (await t.deps.lieux.obtenir(uidLieu('creuse-numerique', 'creuse-1')))!;
    assert.equal(lieu.telephone, '+33763960377');
    assert.equal(lieu.horaires, 'Fr 16:30-18:30');
    assert.equal(lieu.pivot, '00000000000000');
  });

  it('les cinq fichiers réels sont importés par leur correspondance (téléphones au format international, horaires OSM)', async () => {
    for (const s of SOURCES_BRUTES) {
      const b = await t.deps.sources.importerBrut(s.cle, new URL(s.fichier, DOSSIER).pathname, { maintenant: MAINTENANT, ignorerInvalides: true });
      assert.ok(b.import!.crees + b.import!.misAJour + b.import!.inchanges > b.lues * 0.6, `${s.cle} : ${JSON.stringify({ ...b, issues: b.issues.length, avertissements: b.avertissements.length })}`);
    }
    const registre = await t.deps.sources.lister();
    const corse = registre.find((s) => s.cle === 'corse-numerique')!;
    assert.equal(corse.producteur, 'Collectivité de Corse');
    assert.equal(corse.licence, 'Licence Ouverte 2.0');
    // 154 rows mapped; two of them have the same name and address, hence the same id: one place.
    assert.equal(Number(corse.lieux), 153);
    const bilan = await t.deps.sources.dedoublonner();
    assert.ok(bilan.lieux > 600);
    let telephones = 0;
    for await (const page of t.deps.lieux.parcourir()) {
      for (const l of page) {
        if (l.telephone) {
          telephones++;
          assert.match(l.telephone, /^\+\d{8,12}$/);
        }
      }
    }
    assert.ok(telephones > 300);
  });
});
