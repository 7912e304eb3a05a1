import { h, vide, type Html } from './layout.ts';

/** Small DSFR building blocks. Every value goes through `h`, which escapes it. */

export function badge(texte: string, classe = ''): Html {
  return h`<p class="fr-badge fr-badge--sm ${classe}">${texte}</p>`;
}

export interface ChampTexte {
  nom: string;
  libelle: string;
  valeur?: string | undefined;
  aide?: string;
  erreur?: string | undefined;
  type?: string;
  autocomplete?: string;
  multiligne?: boolean;
  maxlength?: number;
  requis?: boolean;
}

/** A labelled input with its hint and error message tied by aria-describedby. */
export function champ(c: ChampTexte): Html {
  const id = `champ-${c.nom}`;
  const decrit = [c.aide ? `${id}-aide` : '', c.erreur ? `${id}-erreur` : ''].filter(Boolean).join(' ');
  const attrs = h`id="${id}" name="${c.nom}"${decrit ? h` aria-describedby="${decrit}"` : vide}${c.erreur ? h` aria-invalid="true"` : vide}${c.maxlength ? h` maxlength="${c.maxlength}"` : vide}${c.autocomplete ? h` autocomplete="${c.autocomplete}"` : vide}${c.requis ? h` required` : vide}`;
  return h`<div class="fr-input-group${c.erreur ? ' fr-input-group--error' : ''}">
<label class="fr-label" for="${id}">${c.libelle}${c.aide ? h`<span class="fr-hint-text" id="${id}-aide">${c.aide}</span>` : vide}</label>
${c.multiligne
    ? h`<textarea class="fr-input${c.erreur ? ' fr-input--error' : ''}" rows="6" ${attrs}>${c.valeur ?? ''}</textarea>`
    : h`<input class="fr-input${c.erreur ? ' fr-input--error' : ''}" type="${c.type ?? 'text'}" value="${c.valeur ?? ''}" ${attrs}>`}
${c.erreur ? h`<p class="fr-error-text" id="${id}-erreur">${c.erreur}</p>` : vide}
</div>`;
}

export interface Option {
  valeur: string;
  libelle: string;
  compte?: number | undefined;
  coche?: boolean;
}

/**
 * A fieldset of checkboxes (filters). An option with a count of 0 stays focusable and checkable — a person
 * may combine it with other filters — but is greyed, and its label says « 0 lieu ».
 */
export function casesACocher(nom: string, legende: string, options: readonly Option[], idPrefixe = nom): Html {
  return h`<fieldset class="fr-fieldset" aria-labelledby="${idPrefixe}-legende">
<legend class="fr-fieldset__legend fr-text--regular" id="${idPrefixe}-legende">${legende}</legend>
${options.map((o, i) => {
    const id = `${idPrefixe}-${i}`;
    const vide0 = o.compte === 0;
    return h`<div class="fr-fieldset__element"><div class="fr-checkbox-group fr-checkbox-group--sm${vide0 ? ' mj-facette-vide' : ''}">
<input type="checkbox" id="${id}" name="${nom}" value="${o.valeur}"${o.coche ? h` checked` : vide}>
<label class="fr-label" for="${id}">${o.libelle}${o.compte !== undefined ? h` <span class="fr-hint-text">${o.compte} ${o.compte > 1 ? 'lieux' : 'lieu'}</span>` : vide}</label>
</div></div>`;
  })}
</fieldset>`;
}

export function boutonsRadio(nom: string, legende: string, options: readonly Option[], erreur?: string): Html {
  const idErr = `${nom}-erreur`;
  return h`<fieldset class="fr-fieldset${erreur ? ' fr-fieldset--error' : ''}" id="champ-${nom}" aria-labelledby="${nom}-legende${erreur ? ` ${idErr}` : ''}"${erreur ? h` role="group"` : vide}>
<legend class="fr-fieldset__legend" id="${nom}-legende">${legende}</legend>
${options.map((o, i) => h`<div class="fr-fieldset__element"><div class="fr-radio-group">
<input type="radio" id="${nom}-${i}" name="${nom}" value="${o.valeur}"${o.coche ? h` checked` : vide}>
<label class="fr-label" for="${nom}-${i}">${o.libelle}</label></div></div>`)}
${erreur ? h`<div class="fr-messages-group" id="${idErr}" aria-live="assertive"><p class="fr-message fr-message--error">${erreur}</p></div>` : vide}
</fieldset>`;
}
