import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';

/**
 * GET /api/v1/lieux/{id}/provenance: for a record uid (or a cluster id) of the merged register, the merged place,
 * where each of its fields came from (source, record, date), the original records and the explained pairs.
 */
export function sourcesRoutes(deps: Pick<Deps, 'sources'>): Hono {
  const app = new Hono();
  app.get('/api/v1/lieux/:id/provenance', async (c) => {
    const id = c.req.param('id');
    const trouve = /^[a-z0-9-]{2,80}$/i.test(id) ? await deps.sources.cluster(id) : undefined;
    if (!trouve) throw new AppError('introuvable', `Aucun lieu fusionné ne correspond à « ${id.slice(0, 40)} ».`);
    const { cluster, membres, paires, generation } = trouve;
    c.header('access-control-allow-origin', '*');
    return c.json({
      id: cluster.id,
      generation,
      lieu: cluster.lieu,
      provenance: cluster.provenance,
      fiches_d_origine: membres.map((m) => ({ uid: m.uid, source: m.source_cle, id: m.id, nom: m.nom, adresse: m.adresse, commune: m.commune, date_maj: m.date_maj })),
      paires: paires.map((p) => ({ uid_a: p.uid_a, uid_b: p.uid_b, score: p.score, signaux: p.signaux })),
    });
  });
  return app;
}
