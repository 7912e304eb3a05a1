import { createHash } from 'node:crypto';
import { z } from 'zod';
import { h } from '../../web/layout.ts';
import { schemaRecherche } from './recherche.schema.ts';

/**
 * OpenAPI 3.1 document generated from the zod schema of the query string (so the documentation cannot drift
 * from what the server accepts), and a plain server-rendered page of the same content at /api/docs.
 */

interface Parametre {
  name: string;
  in: 'query' | 'path';
  required: boolean;
  description: string;
  schema: Record<string, unknown>;
  style?: string;
  explode?: boolean;
}

function parametresRecherche(): Parametre[] {
  const json = z.toJSONSchema(schemaRecherche, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, Record<string, unknown>> };
  return Object.entries(json.properties).map(([name, schema]) => {
    const { description, ...reste } = schema;
    const liste = reste.type === 'array';
    return { name, in: 'query', required: false, description: String(description ?? ''), schema: reste, ...(liste ? { style: 'pipeDelimited', explode: true } : {}) };
  });
}

const ERREUR = {
  description: 'Paramètre inconnu ou invalide : message en français qui liste les valeurs possibles.',
  content: { 'application/json': { schema: { type: 'object', properties: { erreur: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'array', items: { type: 'object' } } } } } } } },
};

export function documentOpenApi(publicUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Maillage — API ouverte des lieux de médiation numérique',
      version: '1',
      description: 'Sans clé, CORS ouvert. Les champs des lieux portent les noms du standard national des lieux de médiation numérique (v1.0.2) ; les métadonnées de Maillage sont sous « maillage », celles de la recherche sous « recherche ».',
      license: { name: 'etalab-2.0 (données)', url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/' },
    },
    servers: [{ url: publicUrl }],
    paths: {
      '/api/v1/lieux': {
        get: {
          summary: 'Rechercher des lieux',
          description: 'Où (point, adresse, commune, code postal, département, région ; rayon ou k plus proches), quoi (texte, filtres du standard, horaires, rendez-vous en ligne, accessibilité, fraîcheur). Tri par distance, par pertinence (texte seul) ou par nom. Pagination par curseur stable ; comptes par valeur de filtre (facettes).',
          parameters: parametresRecherche(),
          responses: {
            '200': {
              description: 'Une page de résultats. JSON : { total, tri, origine?, curseur_suivant?, suivant?, lieux: [ { …champs du standard, maillage, recherche: { distance_km?, score?, ouvert_maintenant, prochaine_ouverture? } } ], facettes: { champ: { valeur: nombre } } }. En-têtes X-Total-Count et Link rel="next".',
              content: { 'application/json': {}, 'application/geo+json': {}, 'text/csv': {} },
            },
            '400': ERREUR,
          },
        },
      },
      '/api/v1/lieux/{uid}': {
        get: {
          summary: 'Un lieu',
          parameters: [{ name: 'uid', in: 'path', required: true, description: 'Identifiant stable Maillage du lieu.', schema: { type: 'string' } }],
          responses: {
            '200': { description: 'Le lieu publié, champs du standard (fusionnés pour un lieu que publient plusieurs sources ; `maillage.fiches_fusionnees`).' },
            '301': { description: 'Fiche fusionnée dans un autre lieu : `Location` donne le lieu qui la montre.' },
            '404': { description: 'Lieu inconnu.' },
          },
        },
      },
      '/api/v1/lieux/{uid}/provenance': {
        get: {
          summary: 'D’où vient chaque champ d’un lieu',
          parameters: [{ name: 'uid', in: 'path', required: true, description: 'uid d’une fiche, ou identifiant de groupe.', schema: { type: 'string' } }],
          responses: { '200': { description: 'Le lieu fusionné, la source et la date de chaque champ, les fiches d’origine, les paires expliquées, les modifications des gestionnaires (auteur : structure ou rôle).' }, '404': { description: 'Lieu inconnu.' } },
        },
      },
      '/api/v1/sources': { get: { summary: 'Le registre des sources : nom, producteur, format, licence, dernier import, nombre de fiches', responses: { '200': { description: '{ sources: [...] }', content: { 'application/json': {} } } } } },
      '/api/v1/lieux.csv': { get: { summary: 'Tout le registre au format CSV du standard (flux)', responses: { '200': { description: 'CSV UTF-8', content: { 'text/csv': {} } } } } },
      '/api/v1/lieux.json': { get: { summary: 'Tout le registre en JSON (flux)', responses: { '200': { description: 'JSON', content: { 'application/json': {} } } } } },
      '/api/v1/lieux.geojson': { get: { summary: 'Tout le registre en GeoJSON (flux)', responses: { '200': { description: 'GeoJSON', content: { 'application/geo+json': {} } } } } },
      '/api/v1/openapi.json': { get: { summary: 'Ce document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
    },
  };
}

/** The docs page's only style, allowed by its hash so the page keeps a CSP without 'unsafe-inline'. */
const STYLE_DOCS = `body{font-family:system-ui,sans-serif;max-width:72rem;margin:0 auto;padding:1rem 1.5rem;line-height:1.5;color:#161616}
code{background:#f0f0f0;padding:0 .2em;word-break:break-all}table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}
th{background:#f6f6f6}a{color:#000091}`;

/** Strict policy for /api/docs: no script at all, only its own style (by hash), never framed. */
export function cspDocumentation(): string {
  const hash = createHash('sha256').update(STYLE_DOCS).digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

export function pageDocumentation(publicUrl: string): string {
  const doc = documentOpenApi(publicUrl);
  const params = doc.paths['/api/v1/lieux'].get.parameters;
  const exemples = [
    '/api/v1/lieux?commune=Lyon&services=Aide%20aux%20d%C3%A9marches%20administratives&ouvert=maintenant',
    '/api/v1/lieux?lat=48.8566&lon=2.3522&k=10',
    '/api/v1/lieux?q=mediatheque&departement=35&format=csv',
    '/api/v1/lieux?region=84&rdv_en_ligne=true&limite=50',
    '/api/v1/lieux?modified_after=2026-01-01T00:00:00Z&facettes=false&limite=100',
  ];
  return h`<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>API ouverte — Maillage</title>
<style>${STYLE_DOCS}</style></head>
<body><header><p><a href="/">Maillage</a></p></header>
<main id="contenu"><h1>API ouverte des lieux de médiation numérique</h1>
<p>${doc.info.description}</p>
<p>Document OpenAPI : <a href="/api/v1/openapi.json"><code>/api/v1/openapi.json</code></a>. Tout le registre : <a href="/api/v1/lieux.csv"><code>/api/v1/lieux.csv</code></a>, <code>.json</code>, <code>.geojson</code>.</p>
<h2>Exemples</h2><ul>${exemples.map((e) => h`<li><a href="${e}"><code>${e}</code></a></li>`)}</ul>
<h2><code>GET /api/v1/lieux</code> — paramètres</h2>
<p>Un paramètre inconnu ou une valeur invalide donne une erreur 400 dont le message liste les valeurs possibles. Les filtres d’un même champ se combinent par OU, les champs entre eux par ET. Pages : reprendre <code>curseur_suivant</code> dans <code>curseur</code> avec les mêmes paramètres.</p>
<table><caption>Paramètres de la recherche</caption><thead><tr><th scope="col">Paramètre</th><th scope="col">Description</th></tr></thead><tbody>
${params.map((p) => h`<tr><th scope="row"><code>${p.name}</code></th><td>${p.description}</td></tr>`)}
</tbody></table>
<h2>Réponse</h2><p>${doc.paths['/api/v1/lieux'].get.responses['200'].description}</p>
</main></body></html>`.toString();
}
