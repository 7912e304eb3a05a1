import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import type { Engine } from '../../src/db/connect.ts';
import { createTestApp } from './app.ts';

/**
 * Two sources of Soyaux (Charente) as their producers would publish them: both publish the Omega social centre
 * and the town hall, in their own spelling; only one publishes the Cyberbase. Meta-search tests import them.
 */
export const COMMUN = { commune: 'Soyaux', code_postal: '16800', typologie: 'CS' };
export const CNFS = [
  { id: 'c1', pivot: '42017950900021', nom: 'Centre social OMEGA', adresse: 'Place Jean-Jacques Rousseau', latitude: 45.647596, longitude: 0.185554, telephone: '05 45 95 28 11', date_maj: '2025-01-10', services: 'Prendre en main un smartphone ou une tablette', ...COMMUN },
  { id: 'c2', pivot: '21160374100011', nom: 'Mairie de Soyaux', adresse: '235 av. du Général de Gaulle', latitude: 45.641629, longitude: 0.192714, date_maj: '2025-01-10', ...COMMUN, typologie: 'MUNI' },
];
export const FRANCE_SERVICES = [
  { id: 'f1', pivot: '420 179 509 00021', nom: 'OMEGA - SOYAUX', adresse: 'place Jean Jacques Rousseau', latitude: 45.6477, longitude: 0.1857, horaires: 'Mo-Fr 09:00-12:00', date_maj: '2024-03-01', services: 'Réaliser des démarches administratives avec un accompagnement', ...COMMUN },
  { id: 'f2', pivot: '21160374100011', nom: 'MAIRIE DE SOYAUX', adresse: '235 avenue du General de Gaulle', date_maj: '2025-06-01', telephone: '+33545976000', ...COMMUN, typologie: 'MUNI' },
  { id: 'f3', pivot: '21160374100011', nom: 'Cyberbase', adresse: '1 rue de la Gare', latitude: 45.65, longitude: 0.18, date_maj: '2025-06-01', ...COMMUN },
];

/** Imports both sources into the register of a test app (files written in `dossier`). */
async function importerSoyaux(
  lieux: { importer(f: string, o: { source: string; fichierRejets: false; maintenant: Date }): Promise<{ rejetes: number; issues: unknown }> },
  dossier: string,
): Promise<void> {
  for (const [source, lignes] of [['cnfs', CNFS], ['france-services', FRANCE_SERVICES]] as const) {
    const f = path.join(dossier, `${source}.json`);
    await writeFile(f, JSON.stringify(lignes));
    const b = await lieux.importer(f, { source, fichierRejets: false, maintenant: new Date('2026-01-01') });
    assert.equal(b.rejetes, 0, JSON.stringify(b.issues));
  }
}

/** A test app whose register holds both Soyaux sources (the files' folder removed on close). */
export async function appSoyaux(engine: Engine) {
  const t = await createTestApp({ engine });
  const dossier = await mkdtemp(path.join(tmpdir(), 'soyaux-'));
  await importerSoyaux(t.deps.lieux, dossier);
  return {
    ...t,
    async close() {
      await t.close();
      await rm(dossier, { recursive: true, force: true });
    },
  };
}
