import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { HorairesInvalides, horairesOsm, JOURS, type Jour } from '../../lib/horaires-osm.ts';
import { champCsrf } from '../../web/csrf.ts';
import { page, type Html } from '../../web/layout.ts';
import { registerStatic } from '../../web/static.ts';
import { CHAMPS } from '../lieux/standard/index.ts';
import type { Comptes } from './comptes.deps.ts';
import { acteurRequis } from './comptes.session.ts';
import { vueEditionLieu, vueEspace } from './espace.vues.ts';

const UID = /^[a-z0-9_-]{1,64}$/i;
const ID = z.coerce.number().int().positive();

/** The actors' space: reports, management requests, editing managed places. Every rule is in the services. */
export function registerEspace(app: Hono, deps: { comptes: Comptes }): void {
  const { gestion, signalements } = deps.comptes;
  const assets = registerStatic(app);
  const petit = bodyLimit({ maxSize: 64 * 1024, onError: () => { throw new AppError('trop_volumineux'); } });
  const rendre = (c: Context, titre: string, contenu: Html, status = 200) =>
    c.html(page({ titre, contenu, assets, fil: [{ libelle: 'Mon espace', href: '/espace' }, { libelle: titre }] }), status as 200, { 'cache-control': 'no-store' });
  const uidDe = (c: Context) => {
    const uid = c.req.param('uid') ?? '';
    if (!UID.test(uid)) throw new AppError('introuvable');
    return uid;
  };
  const texte = (v: unknown) => (typeof v === 'string' ? v : '');

  app.get('/espace', async (c) => {
    const a = c.get('acteur');
    if (!a) return c.redirect('/connexion', 303);
    const mes = await gestion.mesLieux(a);
    const demandes = a.administrateur || a.coordinations.length ? await gestion.demandesEnAttente(a) : [];
    return rendre(c, 'Mon espace', vueEspace(champCsrf(c), { signalements: await signalements.aTraiter(a), demandes, ...mes }));
  });

  app.post('/espace/signalements/:id', petit, async (c) => {
    const b = await c.req.parseBody();
    const decision = z.enum(['resolu', 'rejete']).parse(b.decision);
    await signalements.traiter(acteurRequis(c), ID.parse(c.req.param('id')), decision, texte(b.motif));
    return c.redirect('/espace', 303);
  });

  app.post('/espace/demandes', petit, async (c) => {
    const b = await c.req.parseBody();
    const uid = texte(b.uid).trim();
    if (!UID.test(uid)) throw new AppError('formulaire_invalide', 'Identifiant de lieu invalide.');
    await gestion.demander(acteurRequis(c), ID.parse(b.structure), uid);
    return c.redirect('/espace', 303);
  });

  app.post('/espace/demandes/:id', petit, async (c) => {
    const b = await c.req.parseBody();
    const decision = z.enum(['accorder', 'refuser']).parse(b.decision);
    await gestion.decider(acteurRequis(c), ID.parse(c.req.param('id')), decision === 'accorder', texte(b.motif));
    return c.redirect('/espace', 303);
  });

  app.get('/espace/lieux/:uid', async (c) => {
    const l = await gestion.pourEdition(acteurRequis(c), uidDe(c));
    return rendre(c, `Modifier ${l.nom}`, vueEditionLieu(champCsrf(c), l, {}, [], c.req.query('fait') ? 'Enregistré.' : undefined));
  });

  app.post('/espace/lieux/:uid', petit, async (c) => {
    const uid = uidDe(c);
    const a = acteurRequis(c);
    const b = await c.req.parseBody();
    const saisie: Record<string, string> = {};
    for (const [k, v] of Object.entries(b)) if (typeof v === 'string' && k !== '_csrf') saisie[k] = v;
    const champs: Record<string, unknown> = {};
    for (const ch of CHAMPS) if (ch !== 'id' && ch !== 'date_maj' && ch in saisie) champs[ch] = saisie[ch]!.trim() || null;
    try {
      const parJour = Object.fromEntries(JOURS.map(([j]) => [j, saisie[`horaires_${j}`] ?? ''])) as Record<Jour, string>;
      const osm = horairesOsm(parJour);
      if (osm) champs.horaires = osm;
      await gestion.modifier(a, uid, champs);
    } catch (err) {
      const issues = err instanceof HorairesInvalides ? [{ key: 'pattern', field: `horaires_${err.jour}`, message: err.message }]
        : err instanceof AppError && err.code === 'formulaire_invalide' ? err.details : undefined;
      if (!issues) throw err;
      const l = await gestion.pourEdition(a, uid);
      return rendre(c, `Modifier ${l.nom}`, vueEditionLieu(champCsrf(c), l, saisie, issues), 400);
    }
    return c.redirect(`/espace/lieux/${uid}?fait=1`, 303);
  });

  app.post('/espace/lieux/:uid/confirmer', async (c) => {
    const uid = uidDe(c);
    await gestion.confirmer(acteurRequis(c), uid);
    return c.redirect(`/espace/lieux/${uid}?fait=1`, 303);
  });

  app.post('/espace/lieux/:uid/fermer', async (c) => {
    const uid = uidDe(c);
    await gestion.declarerFerme(acteurRequis(c), uid);
    return c.redirect(`/espace/lieux/${uid}?fait=1`, 303);
  });
}
