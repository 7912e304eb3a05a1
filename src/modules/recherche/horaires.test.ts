import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dateMurale, heureMurale, Horaire, instantDepuisMurale, isoAvecDecalage, zoneDuDepartement } from './horaires.ts';
import { bornesMoment } from './ouverture.ts';

const ouvertA = (texte: string, departement: string, instant: string) => {
  const zone = zoneDuDepartement(departement);
  return new Horaire(texte, zone).ouvertA(dateMurale(heureMurale(new Date(instant), zone.tz)));
};

describe('horaires : heure légale et jours fériés du lieu', () => {
  it('Vendredi saint et 26 décembre fériés en Moselle et en Alsace, pas ailleurs en métropole', () => {
    const h = 'Mo-Fr 09:00-17:00; PH off';
    assert.equal(ouvertA(h, '57', '2026-04-03T08:00:00Z'), false);
    assert.equal(ouvertA(h, '67', '2026-04-03T08:00:00Z'), false);
    assert.equal(ouvertA(h, '69', '2026-04-03T08:00:00Z'), true);
    assert.equal(ouvertA(h, '68', '2025-12-26T10:00:00Z'), false);
    assert.equal(ouvertA(h, '75', '2025-12-26T10:00:00Z'), true);
  });

  it('outre-mer : fuseau et fériés propres (20 décembre à La Réunion, 27 mai en Guadeloupe)', () => {
    const h = 'Mo-Fr 08:00-12:00; PH off';
    assert.equal(ouvertA(h, '974', '2027-12-20T05:00:00Z'), false); // lundi 9 h à La Réunion, férié
    assert.equal(ouvertA(h, '974', '2027-12-21T05:00:00Z'), true);
    assert.equal(ouvertA(h, '971', '2026-05-27T13:00:00Z'), false); // mercredi 9 h en Guadeloupe, férié
    assert.equal(ouvertA(h, '971', '2026-05-28T13:00:00Z'), true);
    assert.equal(ouvertA(h, '971', '2026-05-28T08:00:00Z'), false); // 4 h du matin là-bas
  });

  it('retour de l’heure murale à l’instant, de part et d’autre du changement d’heure', () => {
    assert.equal(isoAvecDecalage(instantDepuisMurale(new Date(2026, 2, 28, 9, 0), 'Europe/Paris'), 'Europe/Paris'), '2026-03-28T09:00:00+01:00');
    assert.equal(isoAvecDecalage(instantDepuisMurale(new Date(2026, 2, 30, 9, 0), 'Europe/Paris'), 'Europe/Paris'), '2026-03-30T09:00:00+02:00');
    assert.equal(isoAvecDecalage(new Date('2026-07-01T12:00:00Z'), 'America/Cayenne'), '2026-07-01T09:00:00-03:00');
  });

  it('une chaîne illisible ne casse rien et ne passe aucun filtre', () => {
    const h = new Horaire('n’importe quoi <script>', zoneDuDepartement('75'));
    assert.equal(h.oh, null);
    assert.equal(h.ouvertA(new Date()), false);
    assert.equal(h.prochaineOuverture(new Date()), undefined);
  });

  it('le week-end en cours ou le prochain ; un jour de semaine déjà passé aujourd’hui → la semaine suivante', () => {
    const [debut, fin] = bornesMoment({ type: 'week-end' }, new Date('2026-07-15T10:00:00Z'), 'Europe/Paris');
    assert.deepEqual([debut.getDate(), fin!.getDate()], [18, 20]);
    const [dim] = bornesMoment({ type: 'week-end' }, new Date('2026-07-19T10:00:00Z'), 'Europe/Paris');
    assert.equal(dim.getDate(), 18);
    const [mer] = bornesMoment({ type: 'le', jour: 'mercredi', heure: '09:00' }, new Date('2026-07-15T10:00:00Z'), 'Europe/Paris');
    assert.equal(mer.getDate(), 22);
  });
});
