import { Hono } from 'hono';
import type { Deps } from './deps.ts';
import { AppError } from './errors.ts';
import { toErrorResponse } from './web/errors.ts';
import { lieuxRoutes } from './modules/lieux/lieux.routes.ts';
import { sourcesRoutes } from './modules/sources/sources.routes.ts';
import { routesRecherche } from './modules/recherche/recherche.routes.ts';
import { registerAnnuaire } from './modules/annuaire/annuaire.ts';
import { registerComptes } from './modules/comptes/comptes.pages.ts';
import { comptesMiddlewares } from './modules/comptes/comptes.web.ts';

/** The one composition root for HTTP: a function of its dependencies, built by main.ts and by tests. */
export function createApp(deps: Deps): Hono {
  const app = new Hono();
  // Before every route: who is acting (session cookie), CSRF on every write, rate limit of the public API.
  comptesMiddlewares(app, deps);

  app.get('/healthz', async (c) => {
    return c.json({ statut: 'ok', base: deps.database.engine });
  });

  routesRecherche(app, deps);
  app.route('/', sourcesRoutes(deps));
  app.route('/', lieuxRoutes(deps));
  // Public HTML pages (+ static assets, CSP, compression); its renderer gives HTML errors the site's layout.
  const renderHtml = registerAnnuaire(app, deps);
  registerComptes(app, deps);

  app.notFound((c) => toErrorResponse(new AppError('introuvable', 'Cette page n’existe pas.'), c, deps.logger, renderHtml));
  app.onError((err, c) => toErrorResponse(err, c, deps.logger, renderHtml));
  return app;
}
