import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lieu } from '../../../../test/helpers/lieux-source.ts';
import { fusionner } from './fusion.ts';

describe('fusion avec provenance', () => {
  const ancien = lieu({ uid: 'u-a', source_cle: 'hub', nom: 'Médiathèque Jean Moulin', date_maj: '2024-03-01', telephone: '+33545000000', horaires: 'Mo-Fr 09:00-17:00', services: ['Aide aux démarches administratives'], pivot: '21160374100011' });
  const recent = lieu({ uid: 'u-b', source_cle: 'cnfs', nom: 'MEDIATHEQUE JEAN MOULIN', date_maj: '2025-06-01', telephone: null, services: ['Maîtrise des outils numériques du quotidien', 'Aide aux démarches administratives'], pivot: '00000000000000' });

  it('prend la valeur la plus récente, complète avec les plus anciennes, unit les listes et dit d’où vient chaque champ', () => {
    const f = fusionner('gu-a', [ancien, recent]);
    assert.equal(f.lieu.nom, 'MEDIATHEQUE JEAN MOULIN');
    assert.deepEqual(f.provenance.nom, [{ uid: 'u-b', source: 'cnfs', date_maj: '2025-06-01' }]);
    assert.equal(f.lieu.telephone, '+33545000000');
    assert.equal(f.provenance.telephone![0]!.source, 'hub');
    assert.deepEqual(f.lieu.services, ['Maîtrise des outils numériques du quotidien', 'Aide aux démarches administratives']);
    assert.deepEqual(f.provenance.services!.map((o) => o.source), ['cnfs']);
    assert.equal(f.lieu.date_maj, '2025-06-01');
    assert.equal(f.lieu.pivot, '21160374100011', 'le pivot de remplissage « 0…0 » ne remplace pas un vrai SIRET');
    assert.equal(f.lieu.id, 'gu-a');
    assert.deepEqual(f.membres, ['u-a', 'u-b']);
    assert.equal('uid' in f.lieu, false);
  });
  it('une priorité de source par champ passe avant la date', () => {
    const f = fusionner('g', [ancien, recent], { nom: ['hub'] });
    assert.equal(f.lieu.nom, 'Médiathèque Jean Moulin');
    assert.equal(fusionner('g', [ancien, recent], { telephone: ['cnfs'] }).lieu.telephone, '+33545000000', 'une source prioritaire sans valeur ne vide pas le champ');
  });
});
