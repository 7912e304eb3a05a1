import type { Hono } from 'hono';
import { compress } from 'hono/compress';
import type { Config } from '../../config.ts';
import type { DatabaseHandle } from '../../db/connect.ts';
import type { Issue } from '../../errors.ts';
import { pageErreur } from '../../web/layout.ts';
import { securityHeaders } from '../../web/security.ts';
import { registerStatic } from '../../web/static.ts';
import type { LieuxService } from '../lieux/lieux.service.ts';
import type { RechercheService } from '../recherche/recherche.service.ts';
import type { SignalementsService } from '../signalements/signalements.service.ts';
import type { SourcesService } from '../sources/sources.service.ts';
import type { TerritoiresService } from '../territoires/territoires.ts';
import { creerDonneesAnnuaire } from './annuaire.adaptateur.ts';
import { registerAnnuairePages } from './annuaire.pages.ts';
import { registerTerritoiresPages } from './territoires.pages.ts';

export interface DepsAnnuaire {
  config: Config;
  database: DatabaseHandle;
  lieux: Pick<LieuxService, 'obtenirPublie' | 'fraicheur'>;
  recherche: Pick<RechercheService, 'rechercher' | 'fiches'>;
  territoires: TerritoiresService;
  signalements: SignalementsService;
  /** Where each field of a place came from, and its managers' versions (the place page's provenance). */
  sources: Pick<SourcesService, 'provenanceDuLieu'>;
}

/**
 * The public site: static assets, security headers and compression for HTML, the directory and browse
 * pages. Returns the renderer app.ts gives to the error handler, so 404/400/500 pages share the layout.
 */
export function registerAnnuaire(app: Hono, deps: DepsAnnuaire): (status: number, message: string, details: readonly Issue[]) => string {
  app.use('*', securityHeaders(deps.config.MAP_STYLE_URL));
  // HTML is compressed on the fly (gzip); static files are served pre-compressed (brotli or gzip).
  for (const chemin of ['/', '/lieux', '/lieux/*', '/territoires', '/territoires/*']) app.use(chemin, compress());
  const assets = registerStatic(app);
  const donnees = creerDonneesAnnuaire({ db: deps.database.db, lieux: deps.lieux, territoires: deps.territoires, recherche: deps.recherche, sources: deps.sources });
  registerAnnuairePages(app, { donnees, signalements: deps.signalements, assets, publicUrl: deps.config.publicUrl, styleCarte: deps.config.MAP_STYLE_URL });
  registerTerritoiresPages(app, { donnees, assets });
  return (status, message, details) => pageErreur(assets, status, message, details);
}
