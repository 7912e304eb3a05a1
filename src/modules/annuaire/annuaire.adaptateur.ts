import type { Db } from '../../db/connect.ts';
import { AppError } from '../../errors.ts';
import { issuesFromZod } from '../../web/errors.ts';
import { depuisParametres, schemaRecherche } from '../recherche/recherche.schema.ts';
import type { RechercheService } from '../recherche/recherche.service.ts';
import { enteteCsv, versLigneCsv } from '../lieux/lieux.serialisation.ts';
import type { LieuxService } from '../lieux/lieux.service.ts';
import type { SourcesService } from '../sources/sources.service.ts';
import type { TerritoiresService } from '../territoires/territoires.ts';
import type { DonneesAnnuaire, PageResultats, ProvenanceAffichee, TerritoireCompte } from './annuaire.donnees.ts';
import { comptesParCommune, contientDesLieuxDemo, pageLieuxDesCommunes } from './annuaire.repository.ts';

export interface SourcesAnnuaire {
  db: Db;
  lieux: Pick<LieuxService, 'obtenirPublie' | 'fraicheur'>;
  territoires: Pick<TerritoiresService, 'regions' | 'region' | 'departements' | 'departement' | 'communesDuDepartement' | 'commune'>;
  recherche: Pick<RechercheService, 'rechercher' | 'fiches'>;
  sources: Pick<SourcesService, 'provenanceDuLieu'>;
}

async function provenance(sources: SourcesAnnuaire['sources'], uid: string): Promise<ProvenanceAffichee | undefined> {
  const p = await sources.provenanceDuLieu(uid);
  if (!p) return undefined;
  const nomDe = new Map(p.sources.map((x) => [x.uid, x.nom]));
  return {
    sources: p.sources.map((x) => ({ uid: x.uid, nom: x.nom, date_maj: x.date_maj })),
    champs: Object.entries(p.provenance).map(([champ, origines]) => ({ champ, origines: origines.map((o) => ({ nom: nomDe.get(o.uid) ?? o.source, date_maj: o.date_maj })) })),
    versions: p.versions.map((v) => ({ date: v.date, action: v.action, auteur: v.auteur, champs: v.champs })),
  };
}

/** The results page asks the search module exactly what its JSON API would be asked (same schema, same messages). */
async function rechercher(recherche: SourcesAnnuaire['recherche'], query: Record<string, string | string[]>): Promise<PageResultats> {
  const multi = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));
  const { objet, repetes } = depuisParametres(multi);
  if (repetes.length) throw new AppError('requete_invalide', `Paramètre répété : ${repetes.join(', ')}.`);
  const lu = schemaRecherche.safeParse(objet);
  if (!lu.success) throw new AppError('requete_invalide', lu.error.issues[0]?.message, issuesFromZod(lu.error));
  const { format: _format, ...requete } = lu.data;
  const r = await recherche.rechercher(requete);
  const fiches = await recherche.fiches(r.resultats.map((x) => x.uid));
  const parUid = new Map(fiches.map((f) => [f.uid, f]));
  return {
    total: r.total,
    resultats: r.resultats.flatMap((x) => {
      const lieu = parUid.get(x.uid);
      // A place deleted between the index lookup and the read is skipped rather than shown half-empty.
      return lieu ? [{ lieu, distanceKm: x.distanceKm, ouvertMaintenant: x.ouvertMaintenant ?? undefined, prochaineOuverture: x.prochaineOuverture }] : [];
    }),
    facettes: r.facettes,
    curseurSuivant: r.curseurSuivant,
    origine: r.origine?.libelle,
  };
}

/** Counts change only on import; a minute of staleness on browse pages is fine and saves a GROUP BY per view. */
const DUREE_CACHE_MS = 60_000;

export function creerDonneesAnnuaire(s: SourcesAnnuaire): DonneesAnnuaire {
  let cache: { quand: number; parDepartement: Map<string, number>; parCommune: Map<string, number>; total: number; demo: boolean } | undefined;
  const comptes = async () => {
    if (cache && Date.now() - cache.quand < DUREE_CACHE_MS) return cache;
    const parCommune = new Map<string, number>();
    const parDepartement = new Map<string, number>();
    let total = 0;
    for (const r of await comptesParCommune(s.db)) {
      total += r.lieux;
      if (!r.code_insee) continue;
      parCommune.set(r.code_insee, r.lieux);
      const dep = s.territoires.commune(r.code_insee)?.departement;
      if (dep) parDepartement.set(dep, (parDepartement.get(dep) ?? 0) + r.lieux);
    }
    cache = { quand: Date.now(), parDepartement, parCommune, total, demo: await contientDesLieuxDemo(s.db) };
    return cache;
  };
  const departementsDe = (region: string) => s.territoires.departements().filter((d) => d.region === region);

  return {
    rechercher: (q) => rechercher(s.recherche, q),
    // The map shows the first 100 places of the same search (the API's largest page).
    urlGeojson: (q) => {
      const p = new URLSearchParams(q);
      p.delete('curseur');
      p.set('format', 'geojson');
      p.set('limite', '100');
      p.set('facettes', 'false');
      return `/api/v1/lieux?${p}`;
    },
    async lieu(uid) {
      const r = await s.lieux.obtenirPublie(uid);
      return r && 'lieu' in r ? r.lieu : r;
    },
    provenance: (uid) => provenance(s.sources, uid),
    fraicheur: (d) => s.lieux.fraicheur(d),
    contientDemo: async () => (await comptes()).demo,
    async france() {
      const c = await comptes();
      const regions = s.territoires.regions().map((r): TerritoireCompte => ({
        code: r.code,
        nom: r.nom,
        lieux: departementsDe(r.code).reduce((n, d) => n + (c.parDepartement.get(d.code) ?? 0), 0),
      }));
      return { regions, total: c.total };
    },
    async region(code) {
      const region = s.territoires.region(code);
      if (!region) return undefined;
      const c = await comptes();
      return { region, departements: departementsDe(code).map((d) => ({ code: d.code, nom: d.nom, lieux: c.parDepartement.get(d.code) ?? 0 })) };
    },
    async departement(code) {
      const d = s.territoires.departement(code);
      if (!d) return undefined;
      const c = await comptes();
      return {
        departement: { code: d.code, nom: d.nom, region: d.region, regionNom: s.territoires.region(d.region)?.nom ?? d.region },
        communes: s.territoires.communesDuDepartement(code).map((x) => ({ code: x.code, nom: x.nom, lieux: c.parCommune.get(x.code) ?? 0 })),
      };
    },
    async *csvTerritoire(niveau, code) {
      const deps = niveau === 'region' ? departementsDe(code).map((d) => d.code) : [code];
      const codes = deps.flatMap((d) => s.territoires.communesDuDepartement(d).map((x) => x.code));
      yield enteteCsv();
      // Same rule as the register export: `id` must be unique in a file; a repeated id gets its source prefix.
      let precedent: string | undefined;
      let apres: { id: string; uid: string } | undefined;
      for (;;) {
        const page = await pageLieuxDesCommunes(s.db, codes, apres, 1000);
        let morceau = '';
        for (const l of page) {
          morceau += versLigneCsv(l, l.id === precedent ? `${l.source_cle}:${l.id}` : l.id);
          precedent = l.id;
        }
        if (morceau) yield morceau;
        if (page.length < 1000) return;
        const dernier = page[page.length - 1]!;
        apres = { id: dernier.id, uid: dernier.uid };
      }
    },
  };
}
