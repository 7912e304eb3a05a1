import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Db } from '../../src/db/connect.ts';
import { uidLieu } from '../../src/modules/lieux/lieux.ts';
import { createTestApp } from '../helpers/app.ts';

/** Browser tests: the real app over a fresh PGlite, served on a random localhost port, driven by Debian's chromium. */

export const XSS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'] as const;

export async function demarrerServeur(env: Record<string, string> = {}) {
  const t = await createTestApp({ env });
  const serveur = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((ok) => serveur.once('listening', () => ok()));
  const { port } = serveur.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deps: t.deps,
    async fermer() {
      await new Promise<void>((ok) => serveur.close(() => ok()));
      await t.close();
    },
  };
}

export function lancerNavigateur(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

const AXE = readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');

/** Runs axe-core in the page (through the devtools protocol, so the page's CSP stays in force) and returns its violations. */
export async function violationsAxe(page: Page): Promise<Array<{ id: string; impact: string | null; nodes: string[] }>> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
}

interface FixtureLieu {
  id: string;
  nom: string;
  commune: string;
  code_postal: string;
  code_insee: string | null;
  adresse: string;
  latitude: number | null;
  longitude: number | null;
  texte?: string;
  demo?: boolean;
  services?: string[];
  frais?: string[];
  horaires?: string;
}

/** A few places inserted directly in the register (the import is another module's job and test). */
export async function insererLieux(db: Db, lieux: FixtureLieu[]): Promise<string[]> {
  await db.insertInto('sources').values({ cle: 'test', nom: 'Fixture de test', format: 'standard-v1' }).onConflict((oc) => oc.doNothing()).execute();
  const uids: string[] = [];
  for (const l of lieux) {
    const uid = uidLieu('test', l.id);
    uids.push(uid);
    const t = l.texte;
    await db.insertInto('lieux').values({
      uid, source_cle: 'test', id: l.id, pivot: '13002526500013', nom: l.nom, commune: l.commune, code_postal: l.code_postal,
      code_insee: l.code_insee, adresse: l.adresse, complement_adresse: t ?? null, latitude: l.latitude, longitude: l.longitude,
      typologie: t ? ['EPN', t] : ['EPN'], telephone: t ?? '+33123456789', courriels: t ? ['contact@example.org', t] : ['accueil@example.org'],
      site_web: t ? ['javascript:alert(1)', `https://example.org/${t}`] : ['https://example.org'],
      horaires: t ?? l.horaires ?? 'Mo-Fr 09:00-12:00,14:00-17:00', presentation_resume: t ?? 'Un espace public numérique.',
      presentation_detail: t ?? null, source: t ?? 'Test', structure_parente: t ?? null, date_maj: '2026-10-01',
      // Unknown values are shown as they are: hostile ones too, in the lists of a hostile place.
      services: [...(l.services ?? ['Aide aux démarches administratives', 'Maîtrise des outils numériques du quotidien']), ...(t ? [t] : [])],
      publics_specifiquement_adresses: t ? ['Seniors', t] : ['Seniors'], prise_en_charge_specifique: t ? ['Surdité', t] : ['Surdité'],
      frais_a_charge: [...(l.frais ?? ['Gratuit']), ...(t ? [t] : [])],
      dispositif_programmes_nationaux: t ? ['France Services', t] : ['France Services'], formations_labels: t ? [t] : null, autres_formations_labels: t ? [t] : null,
      modalites_acces: t ? ['Se présenter', t] : ['Se présenter'], modalites_accompagnement: t ? ['Accompagnement individuel', t] : ['Accompagnement individuel'],
      itinerance: t ? ['Fixe', t] : ['Fixe'],
      fiche_acces_libre: t ? `javascript:alert(1)//${t}` : 'https://acceslibre.beta.gouv.fr/app/exemple/', prise_rdv: t ? 'javascript:alert(1)' : null,
      hors_standard: '{}', demo: l.demo ?? false,
    }).execute();
  }
  return uids;
}

/** The data of the browser tests: one ordinary place, one whose every text field is hostile, 28 more nearby. */
export async function demarrerAvecLieux(env: Record<string, string> = {}) {
  const serveur = await demarrerServeur(env);
  const autour = Array.from({ length: 28 }, (_, i) => ({
    id: `n${i}`, nom: `Espace numérique ${i + 1}`, commune: 'Roubaix', code_postal: '59100', code_insee: '59512',
    adresse: `${i + 1} rue de la Gare`, latitude: 50.69 + i / 1000, longitude: 3.18 + i / 1000,
    frais: i % 3 === 0 ? ['Payant'] : ['Gratuit'],
  }));
  const uids = await insererLieux(serveur.deps.database.db, [
    { id: 'a', nom: 'EPN de la Mairie', commune: 'Roubaix', code_postal: '59100', code_insee: '59512', adresse: '1 place de la Mairie', latitude: 50.6901, longitude: 3.1801 },
    { id: 'x', nom: XSS.join(''), commune: XSS[1], code_postal: '59100', code_insee: '59512', adresse: XSS[0], latitude: 50.6902, longitude: 3.1802, texte: XSS.join(' '), demo: true },
    ...autour,
  ]);
  await serveur.deps.recherche.rafraichir();
  return { ...serveur, uids };
}
