import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Issue } from '../errors.ts';
import type { StaticAssets } from './static.ts';

/** What every template returns: escaped HTML, built synchronously (no async values inside templates). */
export type Html = HtmlEscapedString;

/** `html` from hono escapes every interpolation; our templates never interpolate promises, so it is sync. */
export function h(strings: TemplateStringsArray, ...values: unknown[]): Html {
  return html(strings, ...values) as Html;
}

export const vide = raw('') as Html;

export const NOM_SERVICE = 'Maillage';
export const DESCRIPTION_SERVICE = 'Trouver un lieu d’aide au numérique';

export interface Fil {
  libelle: string;
  href?: string;
}

export interface PageOptions {
  titre: string;
  contenu: Html;
  assets: StaticAssets;
  /** The page shows demo places: a banner says so. */
  demo?: boolean;
  /** Breadcrumb, home excluded (added automatically). */
  fil?: readonly Fil[];
  description?: string;
  /** Canonical URL, for share links and search engines. */
  canonique?: string;
  /** Body class (e.g. print pages). */
  classe?: string;
}

function filAriane(fil: readonly Fil[]): Html {
  if (!fil.length) return vide;
  const items = [{ libelle: 'Accueil', href: '/' }, ...fil];
  return h`<nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
<ol class="fr-breadcrumb__list">${items.map((f, i) =>
    i === items.length - 1 || !f.href
      ? h`<li><a class="fr-breadcrumb__link" aria-current="page">${f.libelle}</a></li>`
      : h`<li><a class="fr-breadcrumb__link" href="${f.href}">${f.libelle}</a></li>`,
  )}</ol></nav>`;
}

const banniereDemo = h`<div class="fr-notice fr-notice--warning mj-demo"><div class="fr-container"><div class="fr-notice__body">
<p><span class="fr-notice__title">Données de démonstration.</span>
<span class="fr-notice__desc">Certains lieux affichés sont fictifs : ne vous y rendez pas.</span></p></div></div></div>`;

/** The DSFR page frame: skip links, header with the Marianne block, main, footer. */
export function page(o: PageOptions): Html {
  return h`<!doctype html>
<html lang="fr" data-fr-scheme="light">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.titre} — ${NOM_SERVICE}</title>
<meta name="description" content="${o.description ?? `${NOM_SERVICE} — ${DESCRIPTION_SERVICE} près de chez vous.`}">
${o.canonique ? h`<link rel="canonical" href="${o.canonique}">` : vide}
<link rel="stylesheet" href="${o.assets.css}">
<link rel="icon" href="${o.assets.favicon}" type="image/svg+xml">
<script type="module" src="${o.assets.js}"></script>
</head>
<body${o.classe ? h` class="${o.classe}"` : vide}>
<div class="fr-skiplinks"><nav class="fr-container" role="navigation" aria-label="Accès rapide">
<ul class="fr-skiplinks__list"><li><a class="fr-link" href="#contenu">Contenu</a></li><li><a class="fr-link" href="#pied-de-page">Pied de page</a></li></ul>
</nav></div>
<header role="banner" class="fr-header"><div class="fr-header__body"><div class="fr-container"><div class="fr-header__body-row">
<div class="fr-header__brand fr-enlarge-link"><div class="fr-header__brand-top"><div class="fr-header__logo">
<p class="fr-logo">République<br>Française</p></div></div>
<div class="fr-header__service"><a href="/" title="Accueil — ${NOM_SERVICE}"><p class="fr-header__service-title">${NOM_SERVICE}</p></a>
<p class="fr-header__service-tagline">${DESCRIPTION_SERVICE}</p></div></div>
</div></div></div>${o.demo ? banniereDemo : vide}</header>
<main id="contenu" tabindex="-1" role="main"><div class="fr-container fr-pb-6w">
${filAriane(o.fil ?? [])}
${o.contenu}
</div></main>
<footer class="fr-footer" role="contentinfo" id="pied-de-page"><div class="fr-container">
<div class="fr-footer__body"><div class="fr-footer__brand fr-enlarge-link"><a href="/" title="Retour à l’accueil — ${NOM_SERVICE}"><p class="fr-logo">République<br>Française</p></a></div>
<div class="fr-footer__content"><p class="fr-footer__content-desc">${NOM_SERVICE} publie l’annuaire ouvert des lieux de médiation numérique, au standard national des lieux de médiation numérique.</p>
<ul class="fr-footer__content-list"><li class="fr-footer__content-item"><a class="fr-footer__content-link" href="/lieux">Rechercher un lieu</a></li>
<li class="fr-footer__content-item"><a class="fr-footer__content-link" href="/territoires">Lieux par territoire</a></li>
<li class="fr-footer__content-item"><a class="fr-footer__content-link" href="/api/v1/lieux.csv">Télécharger tous les lieux (CSV)</a></li></ul></div></div>
<div class="fr-footer__bottom"><ul class="fr-footer__bottom-list"><li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="/api/docs">API ouverte</a></li>
<li class="fr-footer__bottom-item"><span class="fr-footer__bottom-link">Accessibilité : partiellement conforme</span></li></ul>
<div class="fr-footer__bottom-copy"><p>Sauf mention contraire, les données sont sous licence etalab-2.0.</p></div></div>
</div></footer>
</body>
</html>`;
}

/** The error page used by src/web/errors.ts for HTML clients. */
export function pageErreur(assets: StaticAssets, status: number, message: string, details: readonly Issue[]): string {
  const titre = status === 404 ? 'Page introuvable' : status >= 500 ? 'Erreur du service' : 'Demande incorrecte';
  const contenu = h`<h1 class="fr-mt-4w">${titre}</h1>
<p class="fr-text--lead">${message}</p>
${details.length ? h`<ul>${details.map((d) => h`<li>${d.field ? h`<strong>${d.field}</strong> : ` : vide}${d.message}</li>`)}</ul>` : vide}
<p>Code d’erreur : ${status}</p>
<ul class="fr-btns-group fr-btns-group--inline-md"><li><a class="fr-btn" href="/">Revenir à l’accueil</a></li><li><a class="fr-btn fr-btn--secondary" href="/lieux">Rechercher un lieu</a></li></ul>`;
  return String(page({ titre, contenu, assets }));
}
