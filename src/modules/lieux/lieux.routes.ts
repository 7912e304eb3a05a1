import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { TYPES_CONTENU, type FormatExport } from './lieux.export.ts';
import { versJsonStandard } from './lieux.serialisation.ts';

/** A text generator as a streamed body: pulled chunk by chunk, so the register is never held whole. */
function fluxTexte(morceaux: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encodeur = new TextEncoder();
  return new ReadableStream({
    async pull(controleur) {
      const r = await morceaux.next();
      if (r.done) controleur.close();
      else controleur.enqueue(encodeur.encode(r.value));
    },
    async cancel() {
      await morceaux.return(undefined);
    },
  });
}

/** Whole-register exports and one place by uid. The search (`GET /api/v1/lieux?…`) lives in the search module. */
export function lieuxRoutes(deps: Pick<Deps, 'lieux'>): Hono {
  const app = new Hono();
  for (const format of ['csv', 'json', 'geojson'] as const satisfies readonly FormatExport[]) {
    app.get(`/api/v1/lieux.${format}`, () => {
      const date = new Date().toISOString().slice(0, 10);
      return new Response(fluxTexte(deps.lieux.exporter(format)), {
        headers: {
          'content-type': TYPES_CONTENU[format],
          'content-disposition': `attachment; filename="lieux-mediation-numerique-${date}.${format}"`,
          'access-control-allow-origin': '*',
          'cache-control': 'public, max-age=300',
        },
      });
    });
  }
  app.get('/api/v1/lieux/:uid', async (c) => {
    const uid = c.req.param('uid');
    const trouve = /^l[a-z2-7]{15}$/.test(uid) ? await deps.lieux.obtenirPublie(uid) : undefined;
    if (!trouve) throw new AppError('introuvable', `Aucun lieu n’a l’identifiant « ${uid.slice(0, 40)} ».`);
    c.header('access-control-allow-origin', '*');
    // A record merged into another place: its links keep working, towards the place that shows it.
    if ('fusionneDans' in trouve) return c.redirect(`/api/v1/lieux/${trouve.fusionneDans}`, 301);
    return c.json(versJsonStandard(trouve.lieu));
  });
  return app;
}
