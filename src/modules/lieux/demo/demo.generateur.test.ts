import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import OpeningHours from 'opening_hours';
import { createTerritoiresService } from '../../territoires/territoires.service.ts';
import { fraicheur } from '../lieux.ts';
import type { LieuStandard } from '../standard/index.ts';
import { ENUMERATIONS, validerLieu } from '../standard/index.ts';
import { DOMAINE_DEMO, luhnValide, prefixeTelephone } from './demo.identifiants.ts';
import { LIBELLE_SOURCE_DEMO, genererLieuxDemo, type CommuneDemo } from './demo.generateur.ts';
import { communesPourDemo } from './demo.service.ts';

const REFERENCE = new Date('2026-11-24T12:00:00Z');

describe('générateur du registre de démonstration', () => {
  let communes: CommuneDemo[];
  let registre: LieuStandard[];
  before(() => {
    communes = communesPourDemo(createTerritoiresService());
    registre = [...genererLieuxDemo({ taille: 20_000, graine: 42, reference: REFERENCE }, communes)];
  });

  it('est déterministe : même graine, mêmes lieux ; autre graine, autres lieux', () => {
    const premiers = (graine: number) => {
      const sortie: LieuStandard[] = [];
      for (const l of genererLieuxDemo({ taille: 20_000, graine, reference: REFERENCE }, communes)) {
        sortie.push(l);
        if (sortie.length === 100) break;
      }
      return sortie;
    };
    assert.deepEqual(premiers(42), registre.slice(0, 100));
    assert.deepEqual(premiers(42), premiers(42));
    assert.notDeepEqual(premiers(7), premiers(42));
  });

  it('produit exactement la taille demandée, avec des id uniques', () => {
    assert.equal(registre.length, 20_000);
    assert.equal(new Set(registre.map((l) => l.id)).size, 20_000);
    assert.equal([...genererLieuxDemo({ taille: 37, graine: 1, reference: REFERENCE }, communes)].length, 37);
  });

  it('chaque lieu passe la validation du standard, sans avertissement', () => {
    // 3,000 records spread over the register cover every kind of place and every pattern (all 20 k pass too,
    // but would cost seconds per run for nothing).
    for (const lieu of registre.filter((_, i) => i % 6 === 0).slice(0, 3_000)) {
      const r = validerLieu(lieu as unknown as Record<string, unknown>, undefined, { aujourdhui: REFERENCE });
      assert.deepEqual(r.issues, [], `${lieu.id} ${lieu.nom}`);
      assert.deepEqual(r.avertissements, [], `${lieu.id} ${lieu.nom}`);
      assert.deepEqual(r.lieu, lieu);
    }
  });

  it('les valeurs énumérées sont celles du standard, les horaires sont lisibles', () => {
    for (const lieu of registre) {
      for (const [champ, valeurs] of Object.entries(ENUMERATIONS)) {
        for (const v of (lieu[champ as keyof LieuStandard] as string[] | null) ?? []) assert.ok(valeurs.includes(v), `${champ}: ${v}`);
      }
    }
    for (const h of new Set(registre.map((l) => l.horaires).filter((h) => h !== null))) assert.doesNotThrow(() => new OpeningHours(h, null, 0), h);
  });

  it('répartit par population : grandes villes d’abord, chaque département représenté, outre-mer compris', () => {
    const parCommune = new Map<string, number>();
    for (const l of registre) parCommune.set(l.commune, (parCommune.get(l.commune) ?? 0) + 1);
    const paris = parCommune.get('Paris') ?? 0;
    const marseille = parCommune.get('Marseille') ?? 0;
    const lyon = parCommune.get('Lyon') ?? 0;
    // Paris ≈ 2.1 M of 68 M inhabitants → about 3 % of places; a village of 300 inhabitants gets 0 or 1.
    assert.ok(paris > 350 && paris < 800, `Paris: ${paris}`);
    assert.ok(marseille > lyon && lyon > 100, `Marseille ${marseille}, Lyon ${lyon}`);
    assert.ok(Math.max(...[...parCommune.values()].filter((_, i) => i % 50 === 0)) < paris);
    const departements = new Set(communes.map((c) => c.departement));
    const departementDe = new Map(communes.map((c) => [c.code, c.departement]));
    const couverts = new Set(registre.map((l) => departementDe.get(l.code_insee!)));
    assert.deepEqual([...departements].filter((d) => !couverts.has(d)), []);
    for (const d of ['971', '972', '973', '974', '976', '2A', '2B', '48']) assert.ok(couverts.has(d), d);
  });

  it('place les lieux près du centre de leur commune', () => {
    const parCode = new Map(communes.map((c) => [c.code, c]));
    for (const l of registre) {
      const c = parCode.get(l.code_insee!)!;
      const dLat = (l.latitude! - c.latitude) * 111_320;
      const dLon = (l.longitude! - c.longitude) * 111_320 * Math.cos((c.latitude * Math.PI) / 180);
      assert.ok(Math.hypot(dLat, dLon) < 3 * Math.SQRT2 * (150 + 2 * Math.sqrt(c.population)) + 1, l.id);
      assert.ok(c.codesPostaux.includes(l.code_postal), l.id);
    }
  });

  it('les SIRET ont une clé de Luhn valide (SIREN et SIRET)', () => {
    for (const l of registre) {
      assert.match(l.pivot, /^\d{14}$/);
      assert.ok(luhnValide(l.pivot.slice(0, 9)) && luhnValide(l.pivot), l.pivot);
    }
    assert.equal(luhnValide('73282932000074'), true); // a real, published SIRET
    assert.equal(luhnValide('73282932000075'), false);
  });

  it('les téléphones fixes ont l’indicatif de leur région', () => {
    assert.equal(prefixeTelephone('75'), '+331');
    assert.equal(prefixeTelephone('35'), '+332');
    assert.equal(prefixeTelephone('59'), '+333');
    assert.equal(prefixeTelephone('13'), '+334');
    assert.equal(prefixeTelephone('33'), '+335');
    assert.equal(prefixeTelephone('974'), '+262262');
    assert.equal(prefixeTelephone('971'), '+590590');
    const parCode = new Map(communes.map((c) => [c.code, c]));
    let fixes = 0;
    for (const l of registre) {
      if (!l.telephone || /^\+33[67]/.test(l.telephone)) continue;
      fixes++;
      assert.ok(l.telephone.startsWith(prefixeTelephone(parCode.get(l.code_insee!)!.departement)), `${l.telephone} ${l.code_insee}`);
    }
    assert.ok(fixes > 10_000);
  });

  it('est étiqueté démo et ne pointe vers aucun domaine réel', () => {
    for (const l of registre) {
      assert.equal(l.source, LIBELLE_SOURCE_DEMO);
      for (const url of [...(l.site_web ?? []), l.fiche_acces_libre, l.prise_rdv].filter((u) => u !== null)) {
        assert.ok(new URL(url).hostname.endsWith(`.${DOMAINE_DEMO}`), url);
      }
      for (const m of l.courriels ?? []) assert.ok(m.endsWith(`.${DOMAINE_DEMO}`), m);
    }
  });

  it('contient les cas que les pages doivent montrer', () => {
    const compte = (f: (l: LieuStandard) => boolean) => registre.filter(f).length;
    const etats = new Map<string, number>();
    for (const l of registre) etats.set(fraicheur(l.date_maj, REFERENCE), (etats.get(fraicheur(l.date_maj, REFERENCE)) ?? 0) + 1);
    assert.ok((etats.get('a_verifier') ?? 0) > 2_000 && (etats.get('a_actualiser') ?? 0) > 2_000 && (etats.get('a_jour') ?? 0) > 8_000, JSON.stringify([...etats]));
    assert.ok(compte((l) => l.itinerance?.includes('Itinérant') ?? false) > 500);
    assert.ok(compte((l) => l.prise_rdv !== null) > 1_000);
    assert.ok(compte((l) => l.fiche_acces_libre !== null) > 1_000);
    assert.ok(compte((l) => l.horaires === null) > 500);
    assert.ok(compte((l) => l.horaires?.includes('Sa') || l.horaires?.includes('Su') || false) > 1_000);
    assert.ok(compte((l) => l.horaires?.includes('PH off') ?? false) > 1_000);
    assert.ok(compte((l) => l.horaires === '24/7') > 0);
    for (const code of ['MUNI', 'RFS', 'BIB', 'EPN', 'CCAS', 'CS', 'ASSO', 'TIERS_LIEUX', 'FABLAB', 'MQ', 'PIMMS', 'MJC', 'PIJ_BIJ', 'ML']) {
      assert.ok(compte((l) => l.typologie?.includes(code) ?? false) > 20, code);
    }
    for (const valeur of ENUMERATIONS.services) assert.ok(compte((l) => l.services?.includes(valeur) ?? false) > 100, valeur);
  });
});
