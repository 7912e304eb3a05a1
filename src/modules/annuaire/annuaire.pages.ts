import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../errors.ts';
import { champCsrf } from '../../web/csrf.ts';
import { page, type Fil, type Html } from '../../web/layout.ts';
import type { StaticAssets } from '../../web/static.ts';
import { formulaireSignalement } from '../signalements/signalement.ts';
import { motsDe } from '../recherche/texte.index.ts';
import type { SignalementsService } from '../signalements/signalements.service.ts';
import { vueAccueil } from './accueil.vue.ts';
import type { DonneesAnnuaire, LieuAffiche, PageResultats } from './annuaire.donnees.ts';
import { vueImpression, vueOrientation, type Orientation } from './impression.vue.ts';
import { vueLieu } from './lieu.vue.ts';
import { POINT, premiere, sauf, TERRITOIRES, vueRechercheInvalide, vueRechercheVide, vueResultats, type Requete } from './resultats.vue.ts';
import { vueMerci, vueSignaler } from './signaler.vue.ts';

export interface OptionsAnnuaire {
  donnees: DonneesAnnuaire;
  signalements: SignalementsService;
  assets: StaticAssets;
  publicUrl: string;
  styleCarte: string;
}

/** Repeated query parameters become arrays; empty values are dropped (an empty « q » means no place). */
export function requeteDe(c: Context): Requete {
  // Without a prototype, « constructor » or « toString » are unknown keys (400 like any other), not Object's members
  // read back as values. « __proto__ » is no exception to reject: the search copies the query into a plain object
  // (depuisParametres, the API's own reader), where assigning that key sets nothing, so it is ignored here as on
  // /api/v1/lieux (200).
  const q = Object.create(null) as Requete;
  for (const [k, v] of new URL(c.req.url).searchParams) {
    if (v === '') continue;
    const deja = q[k];
    q[k] = deja === undefined ? v : Array.isArray(deja) ? [...deja, v] : [deja, v];
  }
  return q;
}

const UID = /^[a-z0-9_-]{1,64}$/i;

const PORTES = [...POINT, ...TERRITOIRES];
const OU = ['adresse', ...PORTES];
const LIBELLE_POINT = 'Ma position';

/** « Rhône (69) », « rhone  (69) » and « RHÔNE (69) » name the same place. */
const forme = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[\s'’-]+/g, ' ').trim().toLowerCase();

/**
 * Whether the field, sent with `saisie`, still means the point or territory it showed as `nom`. A département or
 * region name may come back cut short (« Nord » or « 59 » for « Nord (59) », « Auvergne » for
 * « Auvergne-Rhône-Alpes »): the geocoder knows only communes and addresses, so such a remnant read as a place
 * lands on whichever commune bears the word (Nordhouse, Tournon-sur-Rhône, Cournon-d'Auvergne). A commune's name
 * cut short is left to the geocoder: it may well be another commune.
 */
function memeLieu(saisie: string, nom: string, territoire: boolean): boolean {
  const s = forme(saisie);
  if (s === forme(nom)) return true;
  if (!territoire || !s) return false;
  const [, seul = nom, code] = /^(.*?)\s*\(([^()]+)\)$/.exec(nom) ?? [];
  const n = forme(seul);
  return (code !== undefined && s === forme(code)) || n === s || n.startsWith(`${s} `);
}

/** The directory's HTML pages: home, results, place, print, orientation sheet, error report. */
export function registerAnnuairePages(app: Hono, o: OptionsAnnuaire): void {
  const rendre = (c: Context, titre: string, contenu: Html, extra: { demo?: boolean; fil?: Fil[]; canonique?: string; status?: number; entetes?: Record<string, string> } = {}) =>
    c.html(page({ titre, contenu, assets: o.assets, demo: extra.demo, fil: extra.fil, canonique: extra.canonique }), (extra.status ?? 200) as 200, extra.entetes);

  const lieuOu404 = async (c: Context): Promise<LieuAffiche | Response> => {
    const uid = c.req.param('uid') ?? '';
    const trouve = UID.test(uid) ? await o.donnees.lieu(uid) : undefined;
    if (!trouve) throw new AppError('introuvable', 'Ce lieu n’existe pas ou a été retiré de l’annuaire.');
    if ('fusionneDans' in trouve) {
      // A record merged into another place: old links, shared links and printed cards lead to the place that shows it.
      const url = new URL(c.req.url);
      return c.redirect(url.pathname.replace(`/lieux/${uid}`, `/lieux/${trouve.fusionneDans}`) + url.search, c.req.method === 'GET' ? 301 : 308);
    }
    return trouve;
  };
  const urlLieu = (l: LieuAffiche) => `${o.publicUrl}/lieux/${l.uid}`;
  const filLieu = (l: LieuAffiche, suite?: string): Fil[] => [
    { libelle: 'Lieux', href: '/lieux' },
    suite ? { libelle: l.nom, href: `/lieux/${l.uid}` } : { libelle: l.nom },
    ...(suite ? [{ libelle: suite }] : []),
  ];

  app.get('/', (c) => rendre(c, 'Trouver un lieu d’aide au numérique', vueAccueil()));

  const chercher = async (q: Requete): Promise<PageResultats | AppError> => {
    try {
      return await o.donnees.rechercher(q);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'requete_invalide') throw err;
      return err;
    }
  };
  /** The name the field shows for the point or territory of a search that has no typed « où ». */
  const libelleOu = async (q: Requete, r?: PageResultats): Promise<string | undefined> => {
    if (premiere(q, 'lat') || premiere(q, 'lon')) return LIBELLE_POINT;
    const commune = premiere(q, 'commune') || premiere(q, 'code_postal');
    if (commune) return r?.origine ?? commune;
    const dep = premiere(q, 'departement').toUpperCase();
    if (dep) {
      const d = await o.donnees.departement(dep);
      return d ? `${d.departement.nom} (${d.departement.code})` : dep;
    }
    const region = premiere(q, 'region');
    if (region) return (await o.donnees.region(region))?.region.nom ?? region;
    return undefined;
  };

  /*
   * The « où » of the results form: its visible field, plus the point or territory the page was reached with
   * (« Autour de moi », browse pages), carried in hidden fields while the field shows its name (« Ma position »,
   * « Roubaix », « Rhône (69) »). The field decides: sent with that name (case, accents and spaces aside; a
   * territory's name may be cut short, see memeLieu), it keeps the hidden place; with any other text, that text is
   * the place and the hidden ones are dropped; empty, it keeps the hidden place, a point winning over a territory
   * (app.js empties the field when it fills lat/lon). With neither a place nor a text, the page asks for a place
   * instead of listing the whole country.
   */
  app.get('/lieux', async (c) => {
    let q = requeteDe(c);
    if (typeof q.adresse === 'string' && !q.adresse.trim()) q = sauf(q, ['adresse']);
    // A text with no word is no text, by the API's own test: next to anything else the API drops it, so here it
    // must neither count as a search nor go back in a hidden field (it may be NUL bytes). Alone, it is left to the
    // API, whose refusal says what is wrong with it.
    const texte = q.q;
    if (typeof texte === 'string' && motsDe(texte).length === 0 && (!texte.trim() || Object.keys(q).length > 1)) q = sauf(q, ['q']);
    const point = POINT.some((n) => n in q);
    if (point && !q.adresse) q = sauf(q, TERRITOIRES);
    let r: PageResultats | AppError | undefined;
    let libelle: string | undefined;
    if (typeof q.adresse === 'string' && PORTES.some((n) => n in q)) {
      const porte = sauf(q, point ? ['adresse', ...TERRITOIRES] : ['adresse']);
      // Only a commune's name needs the search itself; it is the page's search if the field kept that name.
      const r0 = !point && (porte.commune || porte.code_postal) ? await chercher(porte) : undefined;
      const nom = r0 instanceof AppError ? undefined : await libelleOu(porte, r0);
      if (nom !== undefined && memeLieu(q.adresse, nom, !point && !porte.commune && !porte.code_postal)) {
        q = porte;
        r = r0;
        libelle = nom;
      } else {
        q = sauf(q, PORTES);
      }
    }
    const fil = [{ libelle: 'Lieux' }];
    if (!OU.some((n) => n in q) && !('q' in q)) return rendre(c, 'Rechercher un lieu', vueRechercheVide(q), { fil });
    r ??= await chercher(q);
    if (r instanceof AppError) return rendre(c, 'Rechercher un lieu', vueRechercheInvalide(q, r.message, r.details[0]?.field), { fil, status: 400 });
    libelle ??= q.adresse ? undefined : await libelleOu(q, r);
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (k !== 'curseur') for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
    const titre = `${r.total} ${r.total > 1 ? 'lieux' : 'lieu'}${r.origine ? ` autour de ${r.origine}` : ''}${q.curseur ? ' (suite)' : ''}`;
    return rendre(c, titre, vueResultats(q, r, o.assets, o.donnees.urlGeojson(params), o.styleCarte, libelle), {
      demo: r.resultats.some((x) => x.lieu.demo),
      fil,
    });
  });

  app.get('/lieux/:uid', async (c) => {
    const l = await lieuOu404(c);
    if (l instanceof Response) return l;
    const provenance = await o.donnees.provenance(l.uid);
    return rendre(c, l.nom, vueLieu(l, o.donnees.fraicheur(l.date_maj), urlLieu(l), provenance), { demo: l.demo, fil: filLieu(l), canonique: urlLieu(l) });
  });

  app.get('/lieux/:uid/imprimer', async (c) => {
    const l = await lieuOu404(c);
    if (l instanceof Response) return l;
    return rendre(c, `Fiche à imprimer — ${l.nom}`, vueImpression(l, urlLieu(l)), { demo: l.demo, fil: filLieu(l, 'Fiche à imprimer') });
  });

  app.get('/lieux/:uid/orientation', async (c) => {
    const l = await lieuOu404(c);
    if (l instanceof Response) return l;
    const champ = (n: string, max: number) => (c.req.query(n) ?? '').trim().slice(0, max);
    const date = champ('date', 10);
    const saisie: Orientation = {
      beneficiaire: champ('beneficiaire', 120),
      prescripteur: champ('prescripteur', 120),
      structure: champ('structure', 120),
      date: /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(date)) ? date : '',
      motif: champ('motif', 500),
    };
    const remplie = Object.values(saisie).some(Boolean);
    // Names of a person: never cached, never sent as referrer to the links of the sheet.
    return rendre(c, `Fiche d’orientation — ${l.nom}`, vueOrientation(l, urlLieu(l), saisie, remplie), {
      demo: l.demo,
      fil: filLieu(l, 'Fiche d’orientation'),
      entetes: { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
    });
  });

  app.get('/lieux/:uid/signaler', async (c) => {
    const l = await lieuOu404(c);
    if (l instanceof Response) return l;
    return rendre(c, `Signaler une erreur — ${l.nom}`, vueSignaler(l, {}, {}, champCsrf(c)), { demo: l.demo, fil: filLieu(l, 'Signaler une erreur') });
  });

  app.post('/lieux/:uid/signaler', bodyLimit({ maxSize: 16 * 1024, onError: () => { throw new AppError('trop_volumineux'); } }), async (c) => {
    // No cookie, no session: nothing for a cross-site form to ride on. A browser's Origin from elsewhere is
    // still refused, so another site cannot fill the managers' inbox through visitors' browsers.
    const origine = c.req.header('origin');
    if (origine && origine !== 'null' && origine !== new URL(c.req.url).origin && origine !== o.publicUrl) {
      throw new AppError('interdit', 'Ce formulaire ne peut être envoyé que depuis cette page.');
    }
    const l = await lieuOu404(c);
    if (l instanceof Response) return l;
    const corps = await c.req.parseBody();
    const texte = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const saisie = { type: texte(corps.type), message: texte(corps.message), contact: texte(corps.contact) };
    const lu = formulaireSignalement.safeParse(saisie);
    if (!lu.success) {
      const erreurs: Record<string, string> = {};
      for (const i of lu.error.issues) {
        const champ = String(i.path[0] ?? 'message');
        erreurs[champ] ??= i.message;
      }
      return rendre(c, `Signaler une erreur — ${l.nom}`, vueSignaler(l, saisie, erreurs, champCsrf(c)), { demo: l.demo, fil: filLieu(l, 'Signaler une erreur'), status: 400 });
    }
    await o.signalements.enregistrer({ ...lu.data, uid: l.uid });
    return c.redirect(`/lieux/${l.uid}/signaler/merci`, 303);
  });

  app.get('/lieux/:uid/signaler/merci', async (c) => {
    const l = await lieuOu404(c);
    if (l instanceof Response) return l;
    return rendre(c, 'Signalement enregistré', vueMerci(l), { demo: l.demo, fil: filLieu(l, 'Signalement enregistré') });
  });
}
