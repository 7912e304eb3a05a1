import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliserTexte } from './texte.ts';

describe('normaliserTexte', () => {
  it('enlève accents et cédilles, met en minuscules', () => {
    assert.equal(normaliserTexte('Châteaubernard'), 'chateaubernard');
    assert.equal(normaliserTexte('ÇA GARÇON Ÿ'), 'ca garcon y');
    // Already decomposed input (e + combining acute) gives the same result.
    assert.equal(normaliserTexte('e\u0301te\u0301'), 'ete');
  });

  it('déplie les ligatures', () => {
    assert.equal(normaliserTexte('Cœur Æ Straße'), 'coeur ae strasse');
  });

  it('unifie tirets, apostrophes (droites ou typographiques), points et espaces multiples', () => {
    const attendu = 'l abergement clemenciat';
    for (const s of ["L'Abergement-Clémenciat", 'L’Abergement Clémenciat', '  l . abergement__clemenciat  ', 'L\u00a0ABERGEMENT-CLEMENCIAT']) {
      assert.equal(normaliserTexte(s), attendu, s);
    }
  });

  it('développe St / Ste / Sts / Stes en mots entiers seulement', () => {
    assert.equal(normaliserTexte('ST-ETIENNE'), 'saint etienne');
    assert.equal(normaliserTexte('Ste-Foy-lès-Lyon'), 'sainte foy les lyon');
    assert.equal(normaliserTexte('Stes Maries sts'), 'saintes maries saints');
    assert.equal(normaliserTexte('Strasbourg Est'), 'strasbourg est');
    assert.equal(normaliserTexte('St', { abreviations: false }), 'st');
  });

  it('garde les chiffres, ramène les formes pleine chasse, rend "" s’il ne reste rien', () => {
    assert.equal(normaliserTexte('Paris 10ème'), 'paris 10eme');
    assert.equal(normaliserTexte('Ｐａｒｉｓ'), 'paris');
    assert.equal(normaliserTexte(' -- \' '), '');
    assert.equal(normaliserTexte('constructor toString'), 'constructor tostring');
  });
});
