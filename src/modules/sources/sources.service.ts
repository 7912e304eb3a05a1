/**
 * Meta-search over the register: dedupe every record of every source, merge each cluster field by field, and
 * publish the merged register as a new generation switched on all at once (docs/dedoublonnage.md).
 */
import { createHash } from 'node:crypto';
import type { DatabaseHandle } from '../../db/connect.ts';
import { AppError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { LieuxService } from '../lieux/lieux.service.ts';
import { dedoublonner, type Groupe } from './dedupe/dedoublonner.ts';
import { fichesConcernees } from './dedupe/incremental.ts';
import { creerVerrouDedoublonnage } from './verrou.ts';
import { refusionnerGroupe } from './refusion.ts';
import { fusionner, type PrioritesSources } from './dedupe/fusion.ts';
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
   * Incremental run after re-importing these sources: only the records of these sources, the records new,
   * modified or deleted since the active generation, and the groups they belong to or may join are computed
   * again; every other group is carried over as it is. Without a published register: a full run.
   */
  sources?: readonly string[];
  /** The same incremental run without naming a source: only what changed in the register since the last run. */
  incremental?: boolean;
  /** Fill `groupes` (the report of `maillage dedupe --report`): every pair of every group explained. */
  rapport?: boolean;
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
  /** Pairs scoring at least SEUILS.paire among this run's comparisons (incremental: those touching a record looked at again). */
  paires: number;
  refus: { uidA: string; uidB: string; raison: string }[];
  comparaisons: number;
  /** Clusters merged and written again (new, changed membership, or a member changed since). */
  recalcules: number;
  /** Clusters carried over from the previous generation on the server, unchanged. */
  repris: number;
  /** Records looked at again (incremental run); all of them in a full run. */
  fichesRecalculees: number;
  /** Records whose traits were computed: all in a full run; in an incremental one, those that may meet an actif. */
  fichesAnalysees: number;
  generation: number | null;
  simulation: boolean;
  dureeMs: number;
  /** Milliseconds per step: chargement, calcul (traits, blocking, scores, groups), fusion, ecriture, bascule. */
  etapes: Record<string, number>;
  /** With `rapport`: the clusters of two records or more, with the explanation of each pair. */
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
const ECRITURES_SIMULTANEES = 2;

/**
 * Change it when traits, score, thresholds, grouping or merge rules change: a generation computed under other
 * rules is then not carried over, the next run recomputes every cluster.
 */
const VERSION_REGLES = 'dedupe-2026-11-24';

function empreinteRegles(priorites: PrioritesSources | undefined): string {
  return createHash('sha256').update(VERSION_REGLES).update(JSON.stringify(priorites ?? {})).digest('hex').slice(0, 16);
}

export function createSourcesService(deps: {
  database: DatabaseHandle;
  lieux: Pick<LieuxService, 'parcourir' | 'obtenir' | 'importer'>;
  logger?: Logger;
  /** The managers' versions of one record, as the accounts module publishes them (built later in createDeps). */
  historique?: (uid: string) => Promise<VersionProvenance[]>;
}): SourcesService {
  const { db } = deps.database;
  const exclusif = creerVerrouDedoublonnage(deps.database);

  async function dedoublonnerSeul(options: OptionsDedoublonnage): Promise<BilanDedoublonnage> {
    const debut = performance.now();
    // Records edited from here on may be read before their edit: the switch merges their clusters again.
    const lectureDepuis = await repo.instantAvantLecture(db);
    const etapes: Record<string, number> = {};
    let marque = debut;
    const etape = (nom: string) => {
      const t = performance.now();
      etapes[nom] = Math.round((etapes[nom] ?? 0) + t - marque);
      marque = t;
    };
    const empreinte = empreinteRegles(options.priorites);
    const active = await repo.generationPrecedente(db);
    // Clusters are carried over only from a generation computed under the same rules.
    const precedente = active && active.empreinte === empreinte ? active.generation : null;
    // Without a generation to carry from, every cluster is merged: whole records at once. Otherwise only what
    // the traits need, and whole records later for the clusters to merge again (few, usually).
    const [charge, decisions] = await Promise.all([repo.chargerRegistre(db, precedente, precedente === null), repo.decisions(db)]);
    const { lieux, modifies, groupes: anciens, inchanges } = charge;
    // After the register is read, not beside it: a record deleted meanwhile is then either read or found gone.
    const disparus = precedente === null ? [] : await repo.membresDisparus(db, precedente);
    etape('chargement');

    const touchees = new Set(options.sources ?? []);
    const incremental = precedente !== null && (touchees.size > 0 || options.incremental === true);
    const change = (i: number) => inchanges[i] === 0 || touchees.has(lieux[i]!.source_cle);
    const groupesTouches = new Set(disparus.map((d) => d.cluster_id));
    // Incremental: only the records that can meet a record to look at again are analysed (dedupe/incremental.ts).
    const indices = incremental
      ? fichesConcernees({ lieux, groupes: anciens, change, decides: new Set(decisions.flatMap((d) => [d.uidA, d.uidB])), groupesTouches }).indices
      : null;
    const sous = indices ? indices.map((i) => lieux[i]!) : lieux;
    /** Index in the whole register of the k-th record analysed. */
    const orig = indices ? (k: number) => indices[k]! : (k: number) => k;
    const precedent = new Map<string, string>();
    if (incremental) for (let k = 0; k < sous.length; k++) if (anciens[orig(k)] !== null) precedent.set(sous[k]!.uid, anciens[orig(k)]!);
    const r = dedoublonner(sous, {
      decisions,
      tailleRegistre: lieux.length,
      progression: (f, t) => options.progression?.('comparaison', f, t),
      ...(incremental ? { incremental: { precedent, change: (_: LieuSource, k: number) => change(orig(k)), groupesTouches } } : {}),
    });

    // A cluster is carried over when the previous generation had exactly it (same id, same members) and none
    // of its members changed since: its merged place and its pairs would come out identical. The previous
    // groups of records not analysed at all are carried over too.
    const taillesAnciennes = new Map<string, number>();
    for (const g of anciens) if (g !== null) taillesAnciennes.set(g, (taillesAnciennes.get(g) ?? 0) + 1);
    for (const d of disparus) taillesAnciennes.set(d.cluster_id, (taillesAnciennes.get(d.cluster_id) ?? 0) + 1);
    const aRecalculer: Groupe[] = [];
    const repris = new Set<string>();
    for (const g of r.groupes) {
      const inchange = precedente !== null && taillesAnciennes.get(g.id) === g.indices.length
        && g.indices.every((k) => anciens[orig(k)] === g.id && inchanges[orig(k)] === 1);
      if (inchange) repris.add(g.id);
      else aRecalculer.push(g);
    }
    let horsAnalyse = 0;
    let multiplesHorsAnalyse = 0;
    if (indices) {
      const analyse = new Uint8Array(lieux.length);
      for (const i of indices) analyse[i] = 1;
      for (let i = 0; i < lieux.length; i++) {
        const g = anciens[i] ?? null;
        if (analyse[i] === 1 || g === null || repris.has(g)) continue;
        repris.add(g);
        horsAnalyse++;
        if (taillesAnciennes.get(g)! > 1) multiplesHorsAnalyse++;
      }
    }
    const exclus = [...taillesAnciennes.keys()].filter((id) => !repris.has(id));
    const clusters = r.groupes.length + horsAnalyse;
    etape('calcul');

    const uidDe = (k: number) => sous[k]!.uid;
    let completes: ReadonlyMap<string, LieuSource>;
    if (precedente === null) completes = new Map(lieux.map((l) => [l.uid, l]));
    else {
      const fiches = await repo.fichesParUid(db, aRecalculer.flatMap((g) => g.uids));
      completes = new Map(fiches.map((l) => [l.uid, l]));
      etape('chargement');
    }
    const aEcrire = (g: Groupe): repo.ClusterAEcrire => {
      // A record deleted between the two reads is left out of the merge (the next run sees it gone).
      const membres = g.uids.map((u) => completes.get(u)).filter((l) => l !== undefined);
      const fusionne = fusionner(g.id, membres.length ? membres : [sous[g.indices[0]!]!], options.priorites);
      fusionne.membres = g.uids;
      return {
        fusionne,
        modifies: g.indices.map((k) => modifies[orig(k)]!),
        paires: r.pairesDe(g).map((p) => ({ uidA: uidDe(p.a), uidB: uidDe(p.b), score: p.score, signaux: r.expliquer(p) })),
      };
    };

    let generation: number | null = null;
    if (!options.simulation) {
      await repo.nettoyerInacheves(db);
      generation = await repo.nouvelleGeneration(db, empreinte);
      const g = generation;
      if (precedente !== null) await repo.reprendreClusters(db, g, precedente, exclus);
      etape('ecriture');
      // Batches are merged and serialised while the server stores the previous ones, on two connections
      // (the server parses the JSON on its own core). A batch's members and pairs follow its clusters.
      const enCours: Promise<void>[] = [];
      try {
        for (let i = 0; i < aRecalculer.length; i += LOT_CLUSTERS) {
          const lot = aRecalculer.slice(i, i + LOT_CLUSTERS).map(aEcrire);
          etape('fusion');
          if (enCours.length >= ECRITURES_SIMULTANEES) await enCours.shift();
          etape('ecriture');
          const ecriture = repo.ecrireClusters(db, g, lot);
          // Awaited later: a failure meanwhile must not count as an unhandled rejection (it surfaces at the await).
          ecriture.catch(() => undefined);
          enCours.push(ecriture);
          options.progression?.('écriture', Math.min(i + LOT_CLUSTERS, aRecalculer.length), aRecalculer.length);
        }
      } finally {
        // On failure too: no batch may still be writing once the run gives up (and lets the next one start).
        const fin = await Promise.allSettled(enCours);
        for (const r of fin) if (r.status === 'rejected') throw r.reason;
      }
      etape('ecriture');
      await options.avantBascule?.();
      await db.transaction().execute(async (trx) => {
        await repo.basculer(trx, g, { lieux: lieux.length, clusters, paires: r.paires.length });
        // A manager's edit committed during the run re-merged its cluster in the generation being replaced; the
        // new one has it merged from the record as read: merge it again. Edits still running wait for the
        // switch (refusion.ts locks registre_actif) and re-merge in the new generation.
        for (const uid of await repo.membresModifiesDepuisLecture(trx, g, lectureDepuis)) await refusionnerGroupe(trx, uid, options.priorites);
      });
      await repo.supprimerRemplacees(db);
      etape('bascule');
      deps.logger?.info({ generation, lieux: lieux.length, clusters, recalcules: aRecalculer.length, repris: repris.size }, 'registre fusionné publié');
    } else {
      for (const g of aRecalculer) aEcrire(g);
      etape('fusion');
    }
    const multiples = r.groupes.filter((g) => g.uids.length > 1);
    const parUid = options.rapport ? new Map(sous.map((l) => [l.uid, l])) : new Map<string, LieuSource>();
    const nomDe = (u: string) => parUid.get(u)!;
    return {
      lieux: lieux.length,
      clusters,
      multiples: multiples.length + multiplesHorsAnalyse,
      paires: r.paires.length,
      refus: r.refus.map((x) => ({ uidA: uidDe(x.a), uidB: uidDe(x.b), raison: x.raison })),
      comparaisons: r.statistiques.comparaisons,
      recalcules: aRecalculer.length,
      repris: repris.size,
      fichesRecalculees: r.statistiques.actifs,
      fichesAnalysees: sous.length,
      generation,
      simulation: options.simulation ?? false,
      dureeMs: performance.now() - debut,
      etapes,
      groupes: !options.rapport ? [] : multiples.map((g) => ({
        id: g.id,
        membres: g.uids.map((u) => ({ uid: u, source: nomDe(u).source_cle, nom: nomDe(u).nom })),
        paires: r.pairesDe(g).map((p) => ({ uidA: uidDe(p.a), uidB: uidDe(p.b), score: p.score, signaux: r.expliquer(p) })),
      })),
    };
  }


  return {
    dedoublonner: (options = {}) => exclusif(() => dedoublonnerSeul(options)),
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
