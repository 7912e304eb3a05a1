import type { Db } from '../../db/connect.ts';
import { pageLieuxPublies } from './lieux.publies.ts';
import { pageLieux } from './lieux.repository.ts';
import type { LieuEnregistre } from './lieux.ts';
import { enteteCsv, versGeoJsonFeature, versJsonStandard, versLigneCsv } from './lieux.serialisation.ts';

export const FORMATS_EXPORT = ['csv', 'json', 'geojson'] as const;
export type FormatExport = (typeof FORMATS_EXPORT)[number];

export const TYPES_CONTENU: Record<FormatExport, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
};

/**
 * Pages of the register in (id, uid) order, each read in its own short query: memory stays at one page
 * whatever the register's size, and no connection is held between pages. Not a snapshot: a place modified
 * during a long export may appear with either version.
 */
export async function* parcourirLieux(db: Db, taillePage = 1000, lirePage: typeof pageLieux = pageLieux): AsyncGenerator<LieuEnregistre[]> {
  let apres: { id: string; uid: string } | undefined;
  for (;;) {
    const page = await lirePage(db, apres, taillePage);
    if (page.length === 0) return;
    yield page;
    const dernier = page[page.length - 1]!;
    apres = { id: dernier.id, uid: dernier.uid };
    if (page.length < taillePage) return;
  }
}

/**
 * The published register (each merged place once, lieux.publies.ts) as text chunks of one format. The standard wants `id` unique in a file, but ids are
 * unique only within a source: when records of several sources share an id, the first (smallest uid) keeps
 * it and the others are written `<source>:<id>`. The order makes this deterministic.
 */
export async function* exporterLieux(db: Db, format: FormatExport, options: { maintenant?: Date; taillePage?: number } = {}): AsyncGenerator<string> {
  const maintenant = options.maintenant ?? new Date();
  let precedent: string | undefined;
  let premier = true;
  // No BOM on the CSV: the standard asks for plain UTF-8 and validators read the first header as `\uFEFFid`.
  if (format === 'csv') yield enteteCsv();
  else if (format === 'json') yield '[\n';
  else yield '{"type":"FeatureCollection","features":[\n';
  for await (const page of parcourirLieux(db, options.taillePage, pageLieuxPublies)) {
    const morceaux: string[] = [];
    for (const lieu of page) {
      const id = lieu.id === precedent ? `${lieu.source_cle}:${lieu.id}` : lieu.id;
      precedent = lieu.id;
      if (format === 'csv') morceaux.push(versLigneCsv(lieu, id));
      else {
        const objet = format === 'json' ? versJsonStandard(lieu, { id, maintenant }) : versGeoJsonFeature(lieu, { id, maintenant });
        morceaux.push(`${premier ? '' : ',\n'}${JSON.stringify(objet)}`);
        premier = false;
      }
    }
    yield morceaux.join('');
  }
  if (format === 'json') yield '\n]\n';
  else if (format === 'geojson') yield '\n]}\n';
}
