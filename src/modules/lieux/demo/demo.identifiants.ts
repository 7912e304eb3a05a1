import type { Aleatoire } from '../../../lib/prng.ts';

/** Luhn checksum as INSEE uses it for SIREN (9 digits) and SIRET (14 digits). */
export function luhnValide(chiffres: string): boolean {
  if (!/^\d+$/.test(chiffres)) return false;
  let somme = 0;
  for (let i = 0; i < chiffres.length; i++) {
    let n = Number(chiffres[chiffres.length - 1 - i]);
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    somme += n;
  }
  return somme % 10 === 0;
}

/** Appends the digit that makes `debut + digit` Luhn-valid. */
function avecCle(debut: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValide(debut + d)) return debut + d;
  throw new Error('unreachable: one Luhn digit always exists');
}

function chiffres(alea: Aleatoire, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(alea.entier(0, 9));
  return s;
}

/**
 * A SIRET that passes INSEE's checksum: SIREN (8 digits + Luhn key) then NIC (4 digits + key over all 14).
 * `prefixe` mimics the legal category's first digits (2… public bodies, 7/8… associations, 3–5… companies).
 * Fictitious by construction: nothing checks them against SIRENE, and the demo says so everywhere.
 */
export function siretDemo(alea: Aleatoire, prefixe: string): string {
  const siren = avecCle(prefixe + chiffres(alea, 8 - prefixe.length));
  return avecCle(siren + '0' + chiffres(alea, 3));
}

/**
 * The first digit of French landline numbers by zone (01 Île-de-France, 02 Nord-Ouest, 03 Nord-Est, 04 Sud-Est,
 * 05 Sud-Ouest), by département because Occitanie and Auvergne-Rhône-Alpes are split between 04 and 05.
 */
const ZONE_02 = new Set(['14', '18', '22', '27', '28', '29', '35', '36', '37', '41', '44', '45', '49', '50', '53', '56', '61', '72', '76', '85']);
const ZONE_03 = new Set(['02', '08', '10', '21', '25', '39', '51', '52', '54', '55', '57', '58', '59', '60', '62', '67', '68', '70', '71', '80', '88', '89', '90']);
const ZONE_05 = new Set(['09', '12', '16', '17', '19', '23', '24', '31', '32', '33', '40', '46', '47', '64', '65', '79', '81', '82', '86', '87']);
const ZONE_01 = new Set(['75', '77', '78', '91', '92', '93', '94', '95']);

/** Overseas: country calling code and the landline prefix that follows it. */
const OUTRE_MER: Record<string, { indicatif: string; prefixe: string }> = {
  '971': { indicatif: '+590', prefixe: '590' },
  '972': { indicatif: '+596', prefixe: '596' },
  '973': { indicatif: '+594', prefixe: '594' },
  '974': { indicatif: '+262', prefixe: '262' },
  '976': { indicatif: '+262', prefixe: '269' },
};

/** The start every landline of this département has in international form, e.g. '+334' or '+590590'. */
export function prefixeTelephone(departement: string): string {
  const om = OUTRE_MER[departement];
  if (om) return om.indicatif + om.prefixe;
  if (ZONE_01.has(departement)) return '+331';
  if (ZONE_02.has(departement)) return '+332';
  if (ZONE_03.has(departement)) return '+333';
  if (ZONE_05.has(departement)) return '+335';
  return '+334';
}

/** A landline (or, sometimes in metropolitan France, a mobile) in the standard's form: no spaces, no leading 0. */
export function telephoneDemo(alea: Aleatoire, departement: string): string {
  const om = OUTRE_MER[departement];
  if (om) return om.indicatif + om.prefixe + chiffres(alea, 6);
  if (alea.chance(0.12)) return '+33' + alea.choisir(['6', '7']) + chiffres(alea, 8);
  return prefixeTelephone(departement) + chiffres(alea, 8);
}

/** ASCII slug for demo host names and paths. */
export function slug(texte: string): string {
  return texte
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/g, '');
}

/** Every demo e-mail and website lives under this reserved TLD (RFC 2606 .invalid): it can never reach anyone. */
export const DOMAINE_DEMO = 'demo.maillage.invalid';
