import type { DatabaseHandle } from '../../db/connect.ts';
import { AppError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import { generationPubliee } from '../lieux/lieux.publies.ts';
import { ENUMERATIONS } from '../lieux/standard/schema.ts';
import type { TerritoiresService } from '../territoires/territoires.ts';
import { isoAvecDecalage, instantDepuisMurale, heureMurale, dateMurale } from './horaires.ts';
import { CacheOuverture, type Moment } from './ouverture.ts';
import type { Origine } from './geocodage.ts';
import { avecCommunesMemorisees, combiner, invalide, jourMin, resoudreOu } from './recherche.ou.ts';
import { CHAMPS_FACETTES } from './facettes.index.ts';
import { IndexRecherche } from './recherche.index.ts';
import { executer, type Curseur, type RequeteIndex, type Tri } from './recherche.moteur.ts';
import * as depot from './recherche.repository.ts';
import { LIMITE_PAR_DEFAUT, type Requete } from './recherche.schema.ts';
import type { ResultatLieu, ResultatRecherche } from './recherche.types.ts';
import { decoderCurseur, encoderCurseur } from './curseur.ts';
import { CacheFiches } from './fiches.ts';

export type { ResultatLieu, ResultatRecherche } from './recherche.types.ts';

export interface RechercheService {
  rechercher(requete: Requete): Promise<ResultatRecherche>;
  /**
   * Browse counts: live places per région, per département (of a région when `dans` is a région code), or per
   * commune INSEE code of a département (`dans` required; arrondissements keep their own code).
   */
  compterParTerritoire(niveau: 'region' | 'departement' | 'commune', dans?: string): Promise<Record<string, number>>;
  /** Full rows of the given places, in the given order (missing ones skipped). */
  fiches(uids: readonly string[]): Promise<depot.FicheLieu[]>;
  /** Reads what changed in the register since the last refresh (also called on NOTIFY lieux_modifies). */
  rafraichir(): Promise<{ appliques: number; supprimes: number }>;
  /** Starts the first build if needed; resolves when it is done. */
  pret(): Promise<void>;
  /**
   * Changes whenever what a search can return changes (a build, a refresh that applied or removed a place):
   * the response cache of the API keys on it, so it never serves a page older than the index.
   */
  version(): number;
  /** The service's clock (injected in tests): answers say « ouvert maintenant » at this instant. */
  maintenant(): Date;
  statistiques(): { lieux: number; emplacements: number; jetons: number; horairesDistincts: number; octetsColonnes: number; dureeConstructionMs: number };
  arreter(): Promise<void>;
}

export interface OptionsRecherche {
  database: DatabaseHandle;
  territoires: TerritoiresService;
  logger: Logger;
  banUrl?: string | undefined;
  /** Injected clock (tests). */
  maintenant?: () => Date;
  /** Skip LISTEN (one-shot tools). */
  ecouter?: boolean;
  /** Bench only: build the first index from these rows instead of the `lieux` table (1 M generated places). */
  lignes?: () => AsyncIterable<depot.LigneIndex[]>;
}

export const CANAL_MODIFICATIONS = 'lieux_modifies';

export function creerRechercheService(o: OptionsRecherche): RechercheService {
  const horloge = o.maintenant ?? (() => new Date());
  const territoiresOu = avecCommunesMemorisees(o.territoires);
  let index = new IndexRecherche();
  const ouvertures = new CacheOuverture();
  let filigrane = new Date(0);
  // The dedupe generation the index shows (null: none published).
  let generationIndexee: number | null = null;
  // DELETE statements on lieux the index has accounted for (see unRafraichissement).
  let suppressionsVues = 0;
  let dureeConstructionMs = 0;
  let desabonner: (() => Promise<void>) | undefined;
  let arrete = false;

  // Full rows of recently shown places (a results page reads 20 of them): an LRU, emptied of every place a
  // refresh touches, so a page never shows an older version than the index.
  const fiches = new CacheFiches(FICHES_EN_CACHE);
  let version = 0;
  const oublierFiche = (uid: string) => {
    version++;
    fiches.oublier(uid);
    comptesTerritoires.clear();
  };
  // Next opening per distinct hours and per minute: at night every place of a page is closed, and walking the
  // opening_hours rules costs ~0.1 ms per place.
  let prochaines = { minute: -1, index: null as IndexRecherche | null, parHoraire: new Map<number, string | null>() };
  const prochaineOuverture = (h: number, maintenant: Date): string | null => {
    const minute = Math.floor(maintenant.getTime() / 60000);
    if (prochaines.minute !== minute || prochaines.index !== index) prochaines = { minute, index, parHoraire: new Map() };
    let v = prochaines.parHoraire.get(h);
    if (v === undefined) {
      const horaire = index.horaires[h]!;
      const tz = horaire.zone.tz;
      const p = horaire.prochaineOuverture(dateMurale(heureMurale(maintenant, tz)));
      v = p ? isoAvecDecalage(instantDepuisMurale(p, tz), tz) : null;
      prochaines.parHoraire.set(h, v);
    }
    return v;
  };

  // Browse counts change only with the register: cached until the next refresh that changes something.
  const comptesTerritoires = new Map<string, Record<string, number>>();

  const enrichir = (l: depot.LigneIndex): depot.LigneIndex => {
    const c = l.code_insee ? o.territoires.commune(l.code_insee) : undefined;
    return c ? { ...l, departement: c.departement, region: c.region, commune_parente: c.communeParente } : l;
  };

  const construire = async () => {
    const debut = performance.now();
    const neuf = new IndexRecherche();
    const marque = await depot.filigrane(o.database.db);
    const generation = o.lignes ? null : await generationPubliee(o.database.db);
    const suppressions = o.lignes ? 0 : await depot.compteurSuppressions(o.database.db);
    for await (const lot of o.lignes ? o.lignes() : depot.lireToutPourIndex(o.database.db)) for (const l of lot) neuf.appliquer(enrichir(l));
    neuf.construireArbre();
    index = neuf;
    version++;
    filigrane = marque;
    generationIndexee = generation;
    suppressionsVues = suppressions;
    fiches.vider();
    comptesTerritoires.clear();
    dureeConstructionMs = performance.now() - debut;
    o.logger.info({ lieux: neuf.vivants, ms: Math.round(dureeConstructionMs) }, 'index de recherche construit');
  };

  // Refreshes never overlap: a NOTIFY during a refresh schedules exactly one more.
  let enCours: Promise<{ appliques: number; supprimes: number }> | null = null;
  let encore = false;
  const unRafraichissement = async () => {
    // A dedupe switch changes which records show without touching them (no watermark sees it): rebuild.
    if ((await generationPubliee(o.database.db)) !== generationIndexee) {
      const avant = index.vivants;
      await construire();
      return { appliques: index.vivants, supprimes: Math.max(0, avant - index.vivants) };
    }
    // Read before the rows: a deletion from now on moves it again and is seen at the next refresh.
    const suppressions = await depot.compteurSuppressions(o.database.db);
    const marque = await depot.filigrane(o.database.db);
    const lignes = await depot.lireModifiesDepuis(o.database.db, filigrane);
    let appliques = 0;
    for (let i = 0; i < lignes.length; i++) {
      const l = lignes[i]!;
      // A re-import touches every row: hand the event loop back to searches every 2,000 rows (each row is
      // swapped atomically, so a search in between sees each place either before or after its change).
      if (i > 0 && i % 2000 === 0) await new Promise((r) => setImmediate(r));
      if (index.appliquer(enrichir(l))) {
        appliques++;
        oublierFiche(l.uid);
      }
    }
    let supprimes = 0;
    // Deletions leave no row for the watermark: after one (a trigger counts DELETE statements on lieux), compare
    // the index with the published uids both ways. Deleting a merged place's representative removes one uid and
    // brings its other records back unchanged, so a count would not tell. No count either when nothing was
    // deleted: over the view it reads the whole register, at every refresh.
    if (suppressions !== suppressionsVues) {
      const presents = new Set(await depot.tousLesUid(o.database.db));
      for (const uid of [...index.slotDe.keys()]) {
        if (!presents.has(uid) && index.supprimer(uid)) {
          supprimes++;
          oublierFiche(uid);
        }
      }
      const manquants: string[] = [];
      for (const uid of presents) if (!index.slotDe.has(uid)) manquants.push(uid);
      for (const l of await depot.lireParUid(o.database.db, manquants)) {
        if (index.appliquer(enrichir(l))) {
          appliques++;
          oublierFiche(l.uid);
        }
      }
    }
    suppressionsVues = suppressions;
    filigrane = marque;
    index.entretenir();
    if (appliques + supprimes > 0) o.logger.debug({ appliques, supprimes }, 'index de recherche rafraîchi');
    return { appliques, supprimes };
  };
  const rafraichir = async (): Promise<{ appliques: number; supprimes: number }> => {
    await demarrer();
    if (enCours) {
      encore = true;
      return enCours;
    }
    enCours = (async () => {
      try {
        let r = await unRafraichissement();
        while (encore && !arrete) {
          encore = false;
          const s = await unRafraichissement();
          r = { appliques: r.appliques + s.appliques, supprimes: r.supprimes + s.supprimes };
        }
        return r;
      } finally {
        enCours = null;
      }
    })();
    return enCours;
  };

  // Built at the first use (the HTTP app asks for it when it starts; a CLI import never pays for it).
  let construction: Promise<void> | undefined;
  const demarrer = (): Promise<void> => {
    construction ??= (async () => {
      if (o.ecouter !== false) {
        desabonner = await o.database.listen(CANAL_MODIFICATIONS, () => {
          rafraichir().catch((err) => o.logger.error({ err }, 'rafraîchissement de l’index impossible'));
        });
      }
      await construire();
    })().catch((err: unknown) => {
      // A failed build (database down) is retried at the next search instead of failing forever.
      construction = undefined;
      o.logger.error({ err }, 'construction de l’index de recherche impossible');
      throw err;
    });
    return construction;
  };

  return {
    async rechercher(r) {
      await demarrer();
      const maintenant = horloge();
      const { origine, territoires } = await resoudreOu(r, territoiresOu, o.banUrl);
      if ((r.rayon_km !== undefined || r.k !== undefined) && !origine) throw invalide('rayon_km', 'Un rayon ou k demande un point de départ : lat et lon, adresse, commune ou code postal.');
      if (r.rayon_km !== undefined && r.k !== undefined) throw invalide('k', 'Choisissez rayon_km ou k, pas les deux.');
      if (r.heure !== undefined && r.ouvert !== undefined) throw invalide('heure', 'Choisissez « ouvert » ou « jour »/« heure », pas les deux.');
      const idx = index;
      const filtres: RequeteIndex['filtres'] = {};
      for (const champ of CHAMPS_FACETTES) {
        const valeurs = r[champ];
        if (!valeurs || valeurs.length === 0) continue;
        let m = 0;
        for (const v of valeurs) m |= 1 << idx.facettes.bit(champ, v)!;
        filtres[champ] = m >>> 0;
      }
      const departementCle = r.departement ? `d:${r.departement.toUpperCase()}` : undefined;
      if (r.departement && !o.territoires.departement(r.departement.toUpperCase())) throw invalide('departement', `Département inconnu : « ${r.departement} ».`);
      if (r.region && !o.territoires.region(r.region)) throw invalide('region', `Région inconnue : « ${r.region} ». Codes possibles : ${o.territoires.regions().map((x) => x.code).join(', ')}.`);
      const moment: Moment | undefined = r.ouvert === 'maintenant' ? { type: 'maintenant' } : r.ouvert === 'week-end' ? { type: 'week-end' } : r.jour || r.heure ? { type: 'le', ...(r.jour ? { jour: r.jour } : {}), ...(r.heure ? { heure: r.heure } : {}) } : undefined;
      const tri: Tri = origine ? 'distance' : r.q && r.q.trim() ? 'pertinence' : 'nom';
      let curseur: Curseur | undefined;
      if (r.curseur) {
        curseur = decoderCurseur(r.curseur, tri);
        if (!curseur) throw invalide('curseur', 'Curseur invalide : reprenez-le tel quel dans curseur_suivant, avec les mêmes paramètres.');
      }
      const requete: RequeteIndex = {
        ...(origine ? { origine: { lat: origine.lat, lon: origine.lon } } : {}),
        ...(r.rayon_km !== undefined ? { rayonKm: r.rayon_km } : origine && r.k === undefined && territoires.length === 0 && !departementCle && !r.region ? { rayonKm: RAYON_PAR_DEFAUT_KM } : {}),
        ...(r.k !== undefined ? { k: r.k } : {}),
        territoires: combiner(territoires, departementCle, r.region ? `r:${r.region}` : undefined),
        ...(r.q ? { texte: r.q } : {}),
        filtres,
        ...(r.typologie && r.typologie.length ? { typologie: r.typologie.map((t) => idx.facettes.typologies.chercher(t) ?? -1) } : {}),
        ...(moment ? { ouvert: ouvertures.predicat(idx.horaires, moment, maintenant) } : {}),
        ...(r.rdv_en_ligne ? { rdvEnLigne: true } : {}),
        ...(r.fiche_acces_libre ? { ficheAcces: true } : {}),
        ...(jourMin(r, maintenant) !== undefined ? { jourMajMin: jourMin(r, maintenant)! } : {}),
        ...(r.modified_after ? { modifieApresMs: Date.parse(r.modified_after) } : {}),
        limite: r.limite ?? LIMITE_PAR_DEFAUT,
        ...(curseur ? { curseur } : {}),
        facettes: r.facettes !== false,
      };
      const res = executer(idx, requete);
      const maintenantOuvert = ouvertures.predicat(idx.horaires, { type: 'maintenant' }, maintenant);
      const resultats = res.trouves.map((t): ResultatLieu => {
        const h = idx.horaire.data[t.slot]!;
        const horaire = h >= 0 ? idx.horaires[h]! : undefined;
        const lisible = horaire?.oh ? true : false;
        const ouvert = lisible ? maintenantOuvert(h) : null;
        const sortie: ResultatLieu = { uid: idx.uid[t.slot]!, ouvertMaintenant: ouvert };
        if (t.distanceKm !== undefined) sortie.distanceKm = Math.round(t.distanceKm * 100) / 100;
        if (t.score !== undefined) sortie.score = t.score;
        if (horaire && ouvert === false) {
          const prochaine = prochaineOuverture(h, maintenant);
          if (prochaine) sortie.prochaineOuverture = prochaine;
        }
        return sortie;
      });
      const facettes: Record<string, Record<string, number>> = {};
      if (requete.facettes) {
        // Plain loops, no [value, count] pair array per value (≈ 150 per query).
        const enObjet = (valeurs: readonly string[], comptes: Uint32Array) => {
          const objet: Record<string, number> = {};
          for (let i = 0; i < valeurs.length; i++) objet[valeurs[i]!] = comptes[i] ?? 0;
          return objet;
        };
        for (const champ of CHAMPS_FACETTES) facettes[champ] = enObjet(ENUMERATIONS[champ], res.comptes[champ]!);
        facettes.typologie = enObjet(idx.facettes.typologies.valeurs, res.comptes.typologie!);
      }
      return {
        total: res.total,
        tri: res.tri,
        resultats,
        facettes,
        ...(res.curseurSuivant ? { curseurSuivant: encoderCurseur(res.curseurSuivant, res.tri) } : {}),
        ...(origine ? { origine } : {}),
      };
    },
    fiches: (uids) => fiches.lire(uids, (manquants) => depot.lireFiches(o.database.db, manquants)),
    async compterParTerritoire(niveau, dans) {
      await demarrer();
      if (niveau === 'commune' && dans === undefined) throw invalide('departement', 'Le compte par commune demande un département.');
      const cle = `${niveau}|${dans ?? ''}`;
      let c = comptesTerritoires.get(cle);
      if (!c) {
        c = index.compterPar(niveau, dans);
        if (comptesTerritoires.size > 500) comptesTerritoires.clear();
        comptesTerritoires.set(cle, c);
      }
      return c;
    },
    rafraichir,
    pret: demarrer,
    version: () => version,
    maintenant: horloge,
    statistiques: () => ({ lieux: index.vivants, emplacements: index.n, jetons: index.texte.nombreJetons, horairesDistincts: index.horaires.length, octetsColonnes: index.octetsColonnes(), dureeConstructionMs }),
    async arreter() {
      arrete = true;
      await construction?.catch(() => undefined);
      await enCours?.catch(() => undefined);
      await desabonner?.();
    },
  };
}

const FICHES_EN_CACHE = 20_000;

/** A point or an address alone: the places within this distance (a k or rayon_km overrides it). */
export const RAYON_PAR_DEFAUT_KM = 30;

