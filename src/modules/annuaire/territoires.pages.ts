import type { Context, Hono } from 'hono';
import { stream } from 'hono/streaming';
import { AppError } from '../../errors.ts';
import { h, page, vide, type Html } from '../../web/layout.ts';
import type { StaticAssets } from '../../web/static.ts';
import type { DonneesAnnuaire, TerritoireCompte } from './annuaire.donnees.ts';

/** Browse: France → région → département, with place counts and a CSV of each territory's places. */

const CODE = /^[0-9AB]{2,3}$/;

function liste(items: readonly TerritoireCompte[], href: (t: TerritoireCompte) => string | null): Html {
  return h`<ul class="mj-compteurs">${items.map((t) => {
    const lien = href(t);
    const nb = h`<span>${t.lieux} ${t.lieux > 1 ? 'lieux' : 'lieu'}</span>`;
    return h`<li>${lien ? h`<a href="${lien}">${t.nom}</a>` : h`<span>${t.nom}</span>`}${nb}</li>`;
  })}</ul>`;
}

const telechargement = (href: string, libelle: string, n: number) =>
  h`<p><a class="fr-link fr-link--download" download href="${href}">${libelle}<span class="fr-link__detail">CSV au standard national — ${n} ${n > 1 ? 'lieux' : 'lieu'}</span></a></p>`;

export function registerTerritoiresPages(app: Hono, o: { donnees: DonneesAnnuaire; assets: StaticAssets }): void {
  const rendre = async (c: Context, titre: string, contenu: Html, fil: { libelle: string; href?: string }[]) =>
    c.html(page({ titre, contenu, assets: o.assets, fil, demo: await o.donnees.contientDemo() }));

  app.get('/territoires', async (c) => {
    const { regions, total } = await o.donnees.france();
    const sansRegion = total - regions.reduce((n, r) => n + r.lieux, 0);
    return rendre(c, 'Lieux par territoire', h`<h1 class="fr-mt-3w">Lieux par territoire</h1>
<p>${total} lieux d’aide au numérique en France, par région.${sansRegion > 0 ? h` ${sansRegion} ${sansRegion > 1 ? 'lieux n’ont' : 'lieu n’a'} pas de commune reconnue : ${sansRegion > 1 ? 'ils ne sont' : 'il n’est'} que dans le fichier de tous les lieux.` : vide}</p>
${telechargement('/api/v1/lieux.csv', 'Télécharger tous les lieux', total)}
<h2 class="fr-h4">Régions</h2>
${liste(regions, (r) => `/territoires/regions/${r.code}`)}`, [{ libelle: 'Territoires' }]);
  });

  app.get('/territoires/regions/:code', async (c) => {
    const code = c.req.param('code');
    const r = CODE.test(code) ? await o.donnees.region(code) : undefined;
    if (!r) throw new AppError('introuvable', 'Cette région n’existe pas.');
    const total = r.departements.reduce((n, d) => n + d.lieux, 0);
    return rendre(c, r.region.nom, h`<h1 class="fr-mt-3w">${r.region.nom}</h1>
<p>${total} ${total > 1 ? 'lieux' : 'lieu'} d’aide au numérique. <a href="/lieux?region=${r.region.code}">Chercher parmi ces lieux</a></p>
${telechargement(`/territoires/regions/${r.region.code}/lieux.csv`, `Télécharger les lieux de la région ${r.region.nom}`, total)}
<h2 class="fr-h4">Départements</h2>
${liste(r.departements, (d) => `/territoires/departements/${d.code}`)}`, [{ libelle: 'Territoires', href: '/territoires' }, { libelle: r.region.nom }]);
  });

  app.get('/territoires/departements/:code', async (c) => {
    const code = c.req.param('code');
    const d = CODE.test(code) ? await o.donnees.departement(code) : undefined;
    if (!d) throw new AppError('introuvable', 'Ce département n’existe pas.');
    const total = d.communes.reduce((n, x) => n + x.lieux, 0);
    const avecLieux = d.communes.filter((x) => x.lieux > 0);
    return rendre(c, d.departement.nom, h`<h1 class="fr-mt-3w">${d.departement.nom} (${d.departement.code})</h1>
<p>${total} ${total > 1 ? 'lieux' : 'lieu'} d’aide au numérique dans ${avecLieux.length} ${avecLieux.length > 1 ? 'communes' : 'commune'}.
<a href="/lieux?departement=${d.departement.code}">Chercher parmi ces lieux</a></p>
${telechargement(`/territoires/departements/${d.departement.code}/lieux.csv`, `Télécharger les lieux du département ${d.departement.nom}`, total)}
<h2 class="fr-h4">Communes qui ont au moins un lieu</h2>
${avecLieux.length ? liste(avecLieux, (x) => `/lieux?commune=${x.code}`) : h`<p>Aucun lieu connu dans ce département.</p>`}
${vide}`, [
      { libelle: 'Territoires', href: '/territoires' },
      { libelle: d.departement.regionNom, href: `/territoires/regions/${d.departement.region}` },
      { libelle: d.departement.nom },
    ]);
  });

  for (const niveau of ['region', 'departement'] as const) {
    app.get(`/territoires/${niveau}s/:code/lieux.csv`, async (c) => {
      const code = c.req.param('code');
      const existe = CODE.test(code) && (niveau === 'region' ? await o.donnees.region(code) : await o.donnees.departement(code));
      if (!existe) throw new AppError('introuvable', niveau === 'region' ? 'Cette région n’existe pas.' : 'Ce département n’existe pas.');
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header('content-disposition', `attachment; filename="lieux-${niveau}-${code}.csv"`);
      return stream(c, async (s) => {
        for await (const morceau of o.donnees.csvTerritoire(niveau, code)) await s.write(morceau);
      });
    });
  }
}
