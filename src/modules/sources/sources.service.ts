/**
 * Meta-search over the register: dedupe every record of every source, merge each cluster field by field, and
 * publish the merged register as a new generation switched on all at once (docs/dedoublonnage.md).
 */
import type { DatabaseHandle } from '../../db/connect.ts';
import { AppError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { LieuxService } from '../lieux/lieux.service.ts';
import { dedoublonner, type Groupe } from './dedupe/dedoublonner.ts';
import { fusionner, type LieuFusionne, type PrioritesSources } from './dedupe/fusion.ts';
import type { DecisionManuelle, LieuSource, Signal } from './dedupe/types.ts';
import { importerBrut, type BilanImportBrut, type OptionsImportBrut } from './brutes/importer-brut.ts';
import { sourceBrute } from './brutes/sources-brutes.ts';
import { provenanceDuLieu, type ProvenanceLieu, type VersionProvenance } from './provenance.ts';
import * as repo from './sources.repository.ts';

export interface OptionsDedoublonnage {
  simulation?: boolean;
  progression?: (etape: string, faits: number, total: number) => void;
  priorites?: PrioritesSources;
  /**
   * Incremental run after re-importing these sources: only pairs touching their records (and records new since the
   * last run) are looked for; the other published groups are kept. Without a published register: a full run.
   */
  sources?: readonly string[];
  /** Tests only: called after the new generation is written and before the switch (a crash there must not show). */
  avantBascule?: () => Promise<void> | void;
}

export interface GroupeRapport {
  id: string;
  membres: { uid: string; source: string; nom: string }[];
  paires: { uidA: string; uidB: string; score: number; signaux: Signal[] }[];
}

export interface BilanDedoublonnage {
  lieux: number;
  clusters: number;
  /** Clusters of two records or more. */
  multiples: number;
  paires: number;
  refus: { uidA: string; uidB: string; raison: string }[];
  comparaisons: number;
  generation: number | null;
  simulation: boolean;
  dureeMs: number;
  /** The clusters of two records or more, with the explanation of each pair. */
  groupes: GroupeRapport[];
}

export interface SourcesService {
  dedoublonner(options?: OptionsDedoublonnage): Promise<BilanDedoublonnage>;
  cluster(idOuUid: string): Promise<Awaited<ReturnType<typeof repo.clusterActif>>>;
  /**
   * Where each field of a place came from (its merged cluster, or the place alone), its sources with the date of
   * their data, and the managers' versions of its records (public form). undefined: no such place or cluster.
   */
  provenanceDuLieu(idOuUid: string): Promise<ProvenanceLieu | undefined>;
  decider(decision: DecisionManuelle, auteur?: string | null): Promise<void>;
  /** A producer's raw file through its declared mapping (brutes/), then the source's metadata in the registry. */
  importerBrut(cle: string, chemin: string, options?: OptionsImportBrut): Promise<BilanImportBrut>;
  /** The registry of sources: name, producer, format, licence, last import, number of records. */
  lister(): Promise<Awaited<ReturnType<typeof repo.listerSources>>>;
}

const LOT_CLUSTERS = 2_000;

export function createSourcesService(deps: {
  database: DatabaseHandle;
  lieux: Pick<LieuxService, 'parcourir' | 'obtenir' | 'importer'>;
  logger?: Logger;
  /** The managers' versions of one record, as the accounts module publishes them (built later in createDeps). */
  historique?: (uid: string) => Promise<VersionProvenance[]>;
}): SourcesService {
  const { db } = deps.database;

  async function charger(): Promise<LieuSource[]> {
    const lieux: LieuSource[] = [];
    for await (const page of deps.lieux.parcourir(5_000)) for (const l of page) lieux.push(l);
    return lieux;
  }

  return {
    async dedoublonner(options = {}) {
      const debut = performance.now();
      const lieux = await charger();
      const precedent = options.sources?.length ? await repo.membresActifs(db) : new Map<string, string>();
      const touchees = new Set(options.sources ?? []);
      const r = dedoublonner(lieux, {
        decisions: await repo.decisions(db),
        progression: (f, t) => options.progression?.('comparaison', f, t),
        ...(precedent.size ? { incremental: { precedent, change: (l: LieuSource) => touchees.has(l.source_cle) } } : {}),
      });
      const parUid = new Map(lieux.map((l) => [l.uid, l]));
      const uidDe = (i: number) => lieux[i]!.uid;
      const fusionnes: LieuFusionne[] = [];
      for (const g of r.groupes) fusionnes.push(fusionner(g.id, g.uids.map((u) => parUid.get(u)!), options.priorites));
      const pairesDe = (g: Groupe) => g.paires.map((p) => ({ cluster: g.id, uidA: uidDe(p.a), uidB: uidDe(p.b), paire: { ...p, signaux: r.expliquer(p) } }));

      let generation: number | null = null;
      if (!options.simulation) {
        await repo.nettoyerInacheves(db);
        generation = await repo.nouvelleGeneration(db);
        for (let i = 0; i < r.groupes.length; i += LOT_CLUSTERS) {
          const groupes = r.groupes.slice(i, i + LOT_CLUSTERS);
          const g = generation;
          await db.transaction().execute((trx) => repo.ecrireLot(trx, g, { fusionnes: fusionnes.slice(i, i + LOT_CLUSTERS), paires: groupes.flatMap(pairesDe) }));
          options.progression?.('écriture', Math.min(i + LOT_CLUSTERS, r.groupes.length), r.groupes.length);
        }
        await options.avantBascule?.();
        const g = generation;
        await db.transaction().execute((trx) => repo.basculer(trx, g, { lieux: lieux.length, clusters: r.groupes.length, paires: r.paires.length }));
        await repo.supprimerRemplacees(db);
        deps.logger?.info({ generation, lieux: lieux.length, clusters: r.groupes.length }, 'registre fusionné publié');
      }
      const multiples = r.groupes.filter((g) => g.uids.length > 1);
      return {
        lieux: lieux.length,
        clusters: r.groupes.length,
        multiples: multiples.length,
        paires: r.paires.length,
        refus: r.refus.map((x) => ({ uidA: uidDe(x.a), uidB: uidDe(x.b), raison: x.raison })),
        comparaisons: r.statistiques.comparaisons,
        generation,
        simulation: options.simulation ?? false,
        dureeMs: performance.now() - debut,
        groupes: multiples.map((g) => ({
          id: g.id,
          membres: g.uids.map((u) => ({ uid: u, source: parUid.get(u)!.source_cle, nom: parUid.get(u)!.nom })),
          paires: pairesDe(g).map((p) => ({ uidA: p.uidA, uidB: p.uidB, score: p.paire.score, signaux: p.paire.signaux })),
        })),
      };
    },

    cluster: (idOuUid) => repo.clusterActif(db, idOuUid),

    provenanceDuLieu: (idOuUid) => provenanceDuLieu(db, idOuUid, { obtenir: deps.lieux.obtenir, historique: deps.historique }),

    async importerBrut(cle, chemin, options = {}) {
      const bilan = await importerBrut(deps.lieux, cle, chemin, options);
      const c = sourceBrute(cle)!;
      if (bilan.import?.ecrit && !bilan.import.simulation) await repo.decrireSource(db, { cle, nom: c.nom, producteur: c.producteur, licence: c.licence, format: `brut:${c.fichier}` });
      return bilan;
    },

    lister: () => repo.listerSources(db),

    async decider(decision, auteur = null) {
      if (decision.uidA === decision.uidB) throw new AppError('requete_invalide', 'Une décision porte sur deux fiches différentes.');
      for (const uid of [decision.uidA, decision.uidB]) {
        if (!(await deps.lieux.obtenir(uid))) throw new AppError('introuvable', `Aucune fiche n’a l’identifiant « ${uid.slice(0, 40)} ».`);
      }
      await repo.enregistrerDecision(db, decision, auteur);
    },
  };
}
