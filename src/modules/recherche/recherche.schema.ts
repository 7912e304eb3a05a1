import { z } from 'zod';
import { ENUMERATIONS, titreChamp } from '../lieux/standard/schema.ts';
import { CHAMPS_FACETTES } from './facettes.index.ts';
import { JOURS } from './ouverture.ts';
import { motsDe } from './texte.index.ts';

/**
 * The query string of GET /api/v1/lieux (and the input of the search service). Every parameter is
 * documented here; the OpenAPI document and /api/docs are generated from this schema. Messages are French
 * and list the allowed values.
 */

export const FORMATS = ['json', 'geojson', 'csv'] as const;
export const LIMITE_PAR_DEFAUT = 20;
export const LIMITE_MAX = 100;

const liste = (champ: (typeof CHAMPS_FACETTES)[number]) => {
  const valeurs = ENUMERATIONS[champ] as readonly [string, ...string[]];
  return z
    .array(z.enum(valeurs, { error: (iss) => `Valeur inconnue pour « ${champ} » : « ${tronquer(String(iss.input))} ». Valeurs possibles : ${valeurs.join(' | ')}.` }))
    .max(valeurs.length * 2, `Trop de valeurs pour « ${champ} ».`)
    .optional()
    .describe(`${titreChamp(champ)} — une ou plusieurs valeurs (séparées par « | » ou en répétant le paramètre), combinées par OU. Valeurs : ${valeurs.join(' | ')}.`);
};

const booleen = (nom: string) =>
  z
    .enum(['true', 'false', 'oui', 'non', '1', '0'], { error: () => `« ${nom} » attend true ou false (ou oui / non).` })
    .transform((v) => v === 'true' || v === 'oui' || v === '1')
    .optional();

const nombre = (nom: string, min: number, max: number) =>
  z.coerce
    .number({ error: () => `« ${nom} » doit être un nombre (entre ${min} et ${max}).` })
    .refine((n) => Number.isFinite(n) && n >= min && n <= max, `« ${nom} » doit être compris entre ${min} et ${max}.`)
    .optional();

const texte = (nom: string, max: number) => z.string().trim().max(max, `« ${nom} » est trop long (${max} caractères au plus).`).optional();

const facettes = Object.fromEntries(CHAMPS_FACETTES.map((c) => [c, liste(c)])) as { [K in (typeof CHAMPS_FACETTES)[number]]: ReturnType<typeof liste> };

export const schemaRecherche = z.strictObject(
  {
    q: texte('q', 200).describe('Texte cherché dans le nom, la commune et la structure parente : sans accents ni casse, début de mot, une faute de frappe tolérée. Un texte sans aucun mot (ponctuation seule) est refusé (400), ou ignoré s’il y a un autre critère.'),
    lat: nombre('lat', -90, 90).describe('Latitude du point de recherche (WGS 84), avec lon.'),
    lon: nombre('lon', -180, 180).describe('Longitude du point de recherche (WGS 84), avec lat.'),
    adresse: texte('adresse', 300).describe('Adresse : géocodée par la Base Adresse Nationale si configurée, sinon centre de la commune.'),
    commune: texte('commune', 100).describe('Commune : nom (avec ou sans accents, « st » pour saint), code postal ou code INSEE. Sans rayon ni k : les lieux de la commune.'),
    code_postal: z.string().regex(/^\d{5}$/, '« code_postal » attend 5 chiffres.').optional().describe('Code postal (5 chiffres) : les lieux de ce code postal.'),
    departement: z.string().regex(/^(\d{2}|2[AB]|9[78]\d)$/i, '« departement » attend un code de département (01, 2A, 974…).').optional().describe('Code du département (01, 2A, 974…).'),
    region: z.string().regex(/^\d{2}$/, '« region » attend un code de région à 2 chiffres (11, 84…).').optional().describe('Code INSEE de la région (11, 84…).'),
    rayon_km: nombre('rayon_km', 0.1, 500).describe('Rayon autour du point, de l’adresse ou de la commune, en km (0,1 à 500).'),
    k: nombre('k', 1, 500).pipe(z.number().int('« k » doit être un entier.').optional()).describe('Les k lieux les plus proches (1 à 500) qui passent les filtres.'),
    ...facettes,
    // Not a closed list like the filters above: schema v1.0.2 gives `typologie` no pattern, only a link to
    // data.inclusion's vocabulary, which lives outside the standard and changes without it, and the register holds
    // what producers wrote (« Autre » in real files; validation accepts any code). A list fixed here would refuse
    // codes that places do carry. So only the shape of a code is checked; a well-formed code no place carries
    // gets 200 with 0 places, and the codes in use, with their counts, are in every JSON answer's facettes.typologie.
    typologie: z
      .array(
        z.string().regex(/^[A-Za-z0-9_]{1,40}$/, {
          error: (iss) => `Code de typologie mal formé : « ${tronquer(String(iss.input))} ». « typologie » attend des codes de lettres, chiffres et « _ » (BIB, CCAS, EPN, TIERS_LIEUX…) ; les codes présents dans le registre sont comptés dans « facettes.typologie » de la réponse JSON.`,
        }),
      )
      .max(100, 'Trop de valeurs pour « typologie » (100 au plus).')
      .optional()
      .describe('Typologie de la structure (codes data.inclusion : BIB, CCAS, EPN, TIERS_LIEUX…), combinés par OU. Liste ouverte (le standard ne la fixe pas) : les codes présents dans le registre et leurs comptes sont dans « facettes.typologie » de la réponse JSON ; un code qu’aucun lieu ne porte donne 0 lieu.'),
    ouvert: z
      .enum(['maintenant', 'week-end'], { error: () => '« ouvert » attend : maintenant | week-end.' })
      .optional()
      .describe('maintenant : ouvert à cet instant ; week-end : ouvert samedi ou dimanche (ce week-end ou le prochain). Heure légale du lieu, jours fériés compris.'),
    jour: z
      .string()
      .superRefine((v, ctx) => {
        if ((JOURS as readonly string[]).includes(v)) return;
        if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) ctx.addIssue(`« jour » attend un jour (${JOURS.join(' | ')}) ou une date AAAA-MM-JJ.`);
        else if (!dateExiste(v)) ctx.addIssue(`« jour » : « ${v} » n’est pas une date qui existe (AAAA-MM-JJ, par exemple 2026-07-14).`);
      })
      .optional()
      .describe(`Ouvert ce jour-là : ${JOURS.join(' | ')} (le prochain) ou une date AAAA-MM-JJ ; avec heure, à cette heure précise.`),
    heure: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '« heure » attend une heure HH:MM (00:00 à 23:59).').optional().describe('Ouvert à cette heure (HH:MM), le jour donné par « jour » ou aujourd’hui.'),
    rdv_en_ligne: booleen('rdv_en_ligne').describe('Seulement les lieux où l’on peut prendre rendez-vous en ligne.'),
    fiche_acces_libre: booleen('fiche_acces_libre').describe('Seulement les lieux qui ont une fiche d’accessibilité Acceslibre.'),
    date_maj_min: z.iso.date({ error: () => '« date_maj_min » attend une date AAAA-MM-JJ.' }).optional().describe('Seulement les lieux dont la date de mise à jour (date_maj) est à partir de ce jour.'),
    fraicheur: z
      .enum(['a_jour', 'a_verifier'], { error: () => '« fraicheur » attend : a_jour (mis à jour depuis moins de 12 mois) | a_verifier (moins de 18 mois).' })
      .optional()
      .describe('a_jour : date_maj de moins de 12 mois ; a_verifier : de moins de 18 mois.'),
    modified_after: z.iso
      .datetime({ offset: true, error: () => '« modified_after » attend une date-heure ISO 8601 (2026-01-31T12:00:00Z).' })
      .optional()
      .describe('Synchronisation : seulement les lieux modifiés dans Maillage après cet instant (ISO 8601).'),
    limite: nombre('limite', 1, LIMITE_MAX).pipe(z.number().int('« limite » doit être un entier.').optional()).describe(`Nombre de lieux par page (1 à ${LIMITE_MAX}, ${LIMITE_PAR_DEFAUT} par défaut).`),
    curseur: z.string().max(600, '« curseur » invalide.').optional().describe('Curseur opaque de la page suivante (champ curseur_suivant de la réponse).'),
    facettes: booleen('facettes').describe('false pour ne pas calculer les comptes par valeur de filtre.'),
    format: z.enum(FORMATS, { error: () => `« format » attend : ${FORMATS.join(' | ')}.` }).optional().describe('Format de la réponse (json par défaut, ou en-tête Accept).'),
  },
  { error: (iss) => (iss.code === 'unrecognized_keys' ? `Paramètre inconnu : ${iss.keys.map((k) => `« ${tronquer(k)} »`).join(', ')}. Paramètres possibles : ${PARAMETRES.join(', ')}.` : undefined) },
)
  // A text with no word once normalised (« !!! », NUL bytes) filters nothing: alone, it answered with the whole
  // register sorted by name, which a visitor takes for places matching what they typed, so it is a 400 that says
  // why. Next to another criterion the intent is clear (a commune, a filter; typically a search form whose text
  // box got stray punctuation): the text is dropped rather than failing that search, and the answer is exactly
  // the one without it (same sort, same cache entry, same cursors).
  .superRefine((r, ctx) => {
    if (r.q !== undefined && !texteUtilisable(r.q) && !autreCritere(r)) {
      // The text is not quoted back: punctuation or control characters (NUL bytes) are all there is to quote.
      ctx.addIssue({ code: 'custom', path: ['q'], message: 'La recherche texte ne contient aucun mot utilisable (lettres ou chiffres) : saisissez au moins un mot, ou un autre critère (commune, département, filtre…).' });
    }
  })
  .overwrite((r) => {
    if (r.q === undefined || texteUtilisable(r.q)) return r;
    const { q: _q, ...sansTexte } = r;
    return sansTexte;
  });

export type RequeteRecherche = z.infer<typeof schemaRecherche>;
/** The service's input: the parsed query string, minus the HTTP-only `format`. */
export type Requete = Omit<RequeteRecherche, 'format'>;

export const PARAMETRES: readonly string[] = Object.keys(schemaRecherche.shape);
const PARAMETRES_LISTE = new Set<string>([...CHAMPS_FACETTES, 'typologie']);

function texteUtilisable(q: string): boolean {
  return motsDe(q).length > 0;
}

// Parameters that shape the answer without choosing places: with only these, an unusable text would list everything.
const HORS_CRITERES = new Set(['q', 'limite', 'curseur', 'facettes', 'format']);
function autreCritere(r: Record<string, unknown>): boolean {
  return Object.entries(r).some(([cle, v]) => !HORS_CRITERES.has(cle) && v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0));
}

/**
 * Built the way bornesMoment (ouverture.ts) builds the day it evaluates, which silently carries an impossible
 * date over (2026-02-30 → 2 March, 2026-99-99 → 2034) and reads years 0–99 as 1900–1999: a date is accepted only
 * when it comes back unchanged, so the day answered for is always the day asked.
 */
function dateExiste(iso: string): boolean {
  const [a, m, j] = iso.split('-').map(Number) as [number, number, number];
  const d = new Date(a, m - 1, j);
  return d.getFullYear() === a && d.getMonth() === m - 1 && d.getDate() === j;
}

function tronquer(v: string): string {
  return v.length > 60 ? `${v.slice(0, 60)}…` : v;
}

/**
 * URLSearchParams-like multimap → the object the schema parses. List parameters accept `a|b` and repeated
 * keys; a scalar parameter given twice is an error (which one would win is not obvious to a caller).
 */
export function depuisParametres(parametres: Record<string, string[]>): { objet: Record<string, unknown>; repetes: string[] } {
  const objet: Record<string, unknown> = {};
  const repetes: string[] = [];
  for (const [cle, valeurs] of Object.entries(parametres)) {
    if (PARAMETRES_LISTE.has(cle)) {
      objet[cle] = valeurs.flatMap((v) => v.split('|')).map((v) => v.trim()).filter((v) => v !== '');
    } else {
      if (valeurs.length > 1) repetes.push(cle);
      // `?q=&lat=` (an empty form field) means "not given", not zero.
      const v = valeurs[valeurs.length - 1];
      if (v !== undefined && v.trim() !== '') objet[cle] = v;
    }
  }
  return { objet, repetes };
}
