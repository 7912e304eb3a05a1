import { Hono } from 'hono';
import type { Deps } from './deps.ts';
import { AppError } from './errors.ts';
import { toErrorResponse } from './web/errors.ts';
import { lieuxRoutes } from './modules/lieux/lieux.routes.ts';
import { routesRecherche } from './modules/recherche/recherche.routes.ts';

/** The one composition root for HTTP: a function of its dependencies, built by main.ts and by tests. */
export function createApp(deps: Deps): Hono {
  const app = new Hono();

  app.get('/healthz', async (c) => {
    return c.json({ statut: 'ok', base: deps.database.engine });
  });

  routesRecherche(app, deps);
  app.route('/', lieuxRoutes(deps));

  app.notFound((c) => toErrorResponse(new AppError('introuvable', 'Cette page n’existe pas.'), c, deps.logger));
  app.onError((err, c) => toErrorResponse(err, c, deps.logger));
  return app;
}
