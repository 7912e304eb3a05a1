import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';

/**
 * GET /api/v1/sources: the registry of sources (name, producer, format, licence, last import, records).
 * GET /api/v1/lieux/{id}/provenance: for a record uid (or a cluster id) of the merged register, the merged place,
 * where each of its fields came from (source, record, date), the original records and the explained pairs, the
 * sources with the date of their data, and the managers' versions (author as a structure or role, never a person).
 * A place in no published cluster answers for itself alone (generation null).
 */
export function sourcesRoutes(deps: Pick<Deps, 'sources'>): Hono {
  const app = new Hono();
  app.get('/api/v1/lieux/:id/provenance', async (c) => {
    const id = c.req.param('id');
    const p = /^[a-z0-9-]{2,80}$/i.test(id) ? await deps.sources.provenanceDuLieu(id) : undefined;
    if (!p) throw new AppError('introuvable', `Aucun lieu ne correspond à « ${id.slice(0, 40)} ».`);
    c.header('access-control-allow-origin', '*');
    return c.json(p);
  });
  // The registry of sources, public: who publishes what the register holds, under which licence, since when.
  app.get('/api/v1/sources', async (c) => {
    const sources = (await deps.sources.lister()).map((s) => ({
      cle: s.cle, nom: s.nom, producteur: s.producteur, format: s.format, licence: s.licence,
      dernier_import: s.dernier_import ? new Date(s.dernier_import).toISOString() : null, fiches: Number(s.lieux),
    }));
    c.header('access-control-allow-origin', '*');
    c.header('cache-control', 'public, max-age=300');
    return c.json({ sources });
  });
  return app;
}
