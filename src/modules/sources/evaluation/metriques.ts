/**
 * Precision, recall and F1 over pairs: a predicted pair is two records put in the same group; a true pair is two
 * records labelled as the same place. Pairs labelled uncertain are left out of both counts.
 */
export interface Metriques {
  vraisPositifs: number;
  predits: number;
  attendus: number;
  precision: number;
  rappel: number;
  f1: number;
}

const clePaire = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

export function mesurer(groupes: readonly (readonly string[])[], memes: Iterable<readonly [string, string]>, exclues: Iterable<readonly [string, string]> = []): Metriques {
  const attendus = new Set<string>();
  for (const [a, b] of memes) attendus.add(clePaire(a, b));
  const ignorees = new Set<string>();
  for (const [a, b] of exclues) ignorees.add(clePaire(a, b));
  let predits = 0;
  let vraisPositifs = 0;
  for (const g of groupes) {
    for (let i = 0; i < g.length; i++) {
      for (let j = i + 1; j < g.length; j++) {
        const k = clePaire(g[i]!, g[j]!);
        if (ignorees.has(k)) continue;
        predits++;
        if (attendus.has(k)) vraisPositifs++;
      }
    }
  }
  const precision = predits === 0 ? 1 : vraisPositifs / predits;
  const rappel = attendus.size === 0 ? 1 : vraisPositifs / attendus.size;
  const f1 = precision + rappel === 0 ? 0 : (2 * precision * rappel) / (precision + rappel);
  return { vraisPositifs, predits, attendus: attendus.size, precision, rappel, f1 };
}

/** The true pairs of a synthetic set: every two records of the same true place. */
export function* pairesVraies(uids: readonly string[], verite: Int32Array): Generator<[string, string]> {
  const parVrai = new Map<number, string[]>();
  verite.forEach((v, k) => {
    const l = parVrai.get(v);
    if (l) l.push(uids[k]!);
    else parVrai.set(v, [uids[k]!]);
  });
  for (const g of parVrai.values()) for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) yield [g[i]!, g[j]!];
}
