/**
 * Tolerant readings of values that producers commonly write in a national or sloppy form. Each one returns
 * the standard form plus a note (which becomes a warning), or a refusal with the French reason. The rules are
 * documented in docs/formats.md (« Tolérances »).
 */
export type Lecture<T> = { ok: true; valeur: T; note?: string } | { ok: false; raison: string };

const ok = <T>(valeur: T, note?: string): Lecture<T> => (note ? { ok: true, valeur, note } : { ok: true, valeur });
const refus = (raison: string): Lecture<never> => ({ ok: false, raison });

/**
 * Ten-digit national numbers of the overseas départements are part of the French numbering plan: their prefix
 * says where they ring, whatever the place's postcode (a place in 97400 may list a mainland 01 number, which is
 * +33, and a 0692 mobile is Réunion's +262 wherever the place is). ARCEP plan: geographic 0590/0594/0596/0262/0269,
 * mobile 0690-0691/0694/0696-0697/0692-0693/0639.
 */
const INDICATIF_PAR_PREFIXE: Readonly<Record<string, string>> = {
  '0590': '+590', '0690': '+590', '0691': '+590',
  '0594': '+594', '0694': '+594',
  '0596': '+596', '0696': '+596', '0697': '+596',
  '0262': '+262', '0692': '+262', '0693': '+262', '0269': '+262', '0639': '+262',
};

/** Collectivités with their own numbering (local 6- or 8-digit numbers): the postcode tells which. */
const INDICATIF_PAR_CODE_POSTAL: readonly (readonly [string, string])[] = [
  ['975', '+508'], ['986', '+681'], ['987', '+689'], ['988', '+687'],
];

function indicatifPour(codePostal: string | null): string {
  for (const [prefixe, indicatif] of INDICATIF_PAR_CODE_POSTAL) if (codePostal?.startsWith(prefixe)) return indicatif;
  return '+33';
}

/**
 * Telephone: the schema wants `+33…` (or an overseas code) with no spaces. Accepted and rewritten: spaces, dots,
 * dashes, brackets; `00` for `+`; a trunk `0` kept after the country code (`+330147…`); a `+` put before a
 * national number (`+0147…`); national French numbers `0X XX XX XX XX` (+33, or the overseas code their prefix
 * belongs to: 0594… becomes +594594…); the 6- or 8-digit local numbers of New Caledonia, Wallis-et-Futuna,
 * Polynesia and Saint-Pierre-et-Miquelon (code from the postcode). A bare country code (`+33`) means "no number".
 */
export function lireTelephone(brut: string, codePostal: string | null, motif: RegExp): Lecture<string | null> {
  if (motif.test(brut)) return ok(brut);
  let n = brut.replace(/[\s.\-()/\u00a0\u202f]/g, '');
  if (/^00\d/.test(n)) n = `+${n.slice(2)}`;
  if (/^\+\d{1,3}$/.test(n) && !/^\+\d{4}/.test(n)) return ok(null, 'numéro réduit à un indicatif, considéré comme absent');
  const zeroEnTrop = /^\+(33|590|594|262|596|269|687|689|508|681)0(\d{6,9})$/.exec(n);
  if (zeroEnTrop) n = `+${zeroEnTrop[1]}${zeroEnTrop[2]}`;
  if (/^\+0\d{9}$/.test(n)) n = n.slice(1);
  if (/^33[1-9]\d{8}$/.test(n)) n = `+${n}`;
  const indicatif = indicatifPour(codePostal);
  if (/^0\d{9}$/.test(n)) {
    const outreMer = INDICATIF_PAR_PREFIXE[n.slice(0, 4)];
    if (outreMer) n = `${outreMer}${n.slice(1)}`;
    else n = indicatif === '+508' && n.startsWith('0508') ? `+508${n.slice(4)}` : `+33${n.slice(1)}`;
  } else if (/^\d{6}$/.test(n) && ['+687', '+681', '+508'].includes(indicatif)) {
    n = `${indicatif}${n}`;
  } else if (/^\d{8}$/.test(n) && indicatif === '+689') {
    n = `${indicatif}${n}`;
  }
  if (motif.test(n)) return ok(n, `numéro réécrit au format international « ${n} »`);
  return refus(
    'le numéro doit être au format international sans espaces (+33 suivi de 9 chiffres, ou un indicatif ' +
      "d'outre-mer : +590, +594, +262, +596, +269, +687, +689, +508, +681), ou un numéro national à 10 chiffres",
  );
}

const HOTE = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*\.\p{L}{2,}$/u;

/** http(s) URL with a real host name; a bare domain (`abracodabra.fr/contact`) gets `https://` with a note. */
export function lireUrl(brut: string): Lecture<string> {
  if (/\s/.test(brut)) return refus("une adresse web ne contient pas d'espace");
  let texte = brut;
  let note: string | undefined;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(texte)) {
    if (!HOTE.test(texte.split(/[/?#]/)[0] ?? '')) return refus('adresse web attendue, commençant par https:// ou http://');
    texte = `https://${texte}`;
    note = `« https:// » ajouté : « ${texte} »`;
  }
  let url: URL;
  try {
    url = new URL(texte);
  } catch {
    return refus('adresse web illisible (attendu : https://exemple.fr/…)');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refus('seules les adresses http:// et https:// sont acceptées');
  if (!HOTE.test(decodeURIComponent(url.hostname)) && !/^xn--/.test(url.hostname)) {
    return refus("le nom de domaine de l'adresse web est invalide");
  }
  return ok(texte, note);
}

const COURRIEL = /^[\p{L}\p{N}.!#$%&'*+/=?^_`{}~-]+@[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*\.\p{L}{2,}$/u;

/** An e-mail address; a `mailto:` prefix is removed with a note. */
export function lireCourriel(brut: string): Lecture<string> {
  const texte = brut.replace(/^mailto:/i, '');
  if (!COURRIEL.test(texte)) return refus('adresse électronique invalide (attendu : nom@domaine.fr)');
  return ok(texte, texte === brut ? undefined : '« mailto: » retiré');
}

/**
 * Pivot (SIRET, SIREN, RNA or RIDET: 9 to 14 letters or digits). The all-zero placeholder that real files use
 * for "unknown" is accepted with a warning (the place is real, its identifier is not known yet). Spaces are
 * removed, and a SIRET followed by junk (`34106240403159/APE:8790B`) keeps its 14 digits.
 */
export function lirePivot(brut: string, motif: RegExp): Lecture<string> {
  const compact = brut.replace(/[\s\u00a0]/g, '');
  if (/^0+$/.test(compact) && motif.test(compact)) return ok(compact, 'pivot inconnu (valeur de remplissage « 0…0 »)');
  if (motif.test(compact)) return ok(compact, compact === brut ? undefined : 'espaces retirés');
  const tete = /^(\d{14}|\d{9})(?![A-Za-z0-9])/.exec(compact);
  if (tete) return ok(tete[1]!, `seuls les chiffres du SIRET/SIREN sont gardés : « ${tete[1]} »`);
  return refus('SIRET (14 chiffres), SIREN (9 chiffres), RNA ou RIDET attendu : 9 à 14 lettres ou chiffres, sans espace');
}

/** Days beyond today that date_maj may be ahead (time zones, a producer's clock): more is "far future". */
export const MARGE_DATE_FUTURE_JOURS = 31;

const DATE_ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** date_maj: YYYY-MM-DD and a real calendar day; a full ISO timestamp or a French DD/MM/YYYY is converted. */
export function lireDate(brut: string, aujourdhui: Date): Lecture<string> {
  let texte = brut;
  let note: string | undefined;
  // The usual case first: the other two forms are only tried on text that is not already YYYY-MM-DD.
  let m = DATE_ISO.exec(texte);
  if (!m) {
    const horodatage = /^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}/.exec(texte);
    const francaise = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(texte);
    if (horodatage) {
      texte = horodatage[1]!;
      note = `heure ignorée, date « ${texte} »`;
    } else if (francaise) {
      texte = `${francaise[3]}-${francaise[2]!.padStart(2, '0')}-${francaise[1]!.padStart(2, '0')}`;
      note = `date réécrite au format AAAA-MM-JJ « ${texte} »`;
    }
    m = DATE_ISO.exec(texte);
  }
  if (!m) return refus('date attendue au format AAAA-MM-JJ (ISO 8601)');
  const annee = Number(m[1]);
  const mois = Number(m[2]);
  const jourDuMois = Number(m[3]);
  if (!jourExiste(annee, mois, jourDuMois)) return refus("cette date n'existe pas dans le calendrier");
  const limite = aujourdhui.getTime() + MARGE_DATE_FUTURE_JOURS * 86_400_000;
  if (Date.UTC(annee, mois - 1, jourDuMois) > limite) return refus(`date de mise à jour dans le futur (plus de ${MARGE_DATE_FUTURE_JOURS} jours après aujourd'hui)`);
  return ok(texte, note);
}

const JOURS_PAR_MOIS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether YYYY-MM-DD is a day of the (proleptic Gregorian) calendar, as `new Date(Date.UTC(y, m - 1, d))`
 * written back by toISOString would say, without the two objects per row: years 0–99 are refused as that
 * round trip refused them (Date.UTC reads them as 1900–1999).
 */
export function jourExiste(annee: number, mois: number, jour: number): boolean {
  if (annee < 100 || mois < 1 || mois > 12 || jour < 1) return false;
  const bissextile = (annee % 4 === 0 && annee % 100 !== 0) || annee % 400 === 0;
  return jour <= (mois === 2 && bissextile ? 29 : JOURS_PAR_MOIS[mois - 1]!);
}

/** A number from JSON, or from text with a dot or a French decimal comma. */
export function lireNombre(brut: unknown): Lecture<number> {
  if (typeof brut === 'number') return Number.isFinite(brut) ? ok(brut) : refus('nombre attendu');
  if (typeof brut !== 'string') return refus('nombre attendu');
  const virgule = /^-?\d+,\d+$/.test(brut);
  const texte = virgule ? brut.replace(',', '.') : brut;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(texte)) return refus('nombre décimal attendu (ex. 45.18)');
  return ok(Number(texte), virgule ? 'virgule décimale remplacée par un point' : undefined);
}
