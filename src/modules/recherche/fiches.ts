import type { FicheLieu } from './recherche.repository.ts';

/**
 * LRU of full rows by uid. A read that raced with a refresh (the version moved while the rows were in flight)
 * is used for that answer but not kept, so the cache never holds a row older than the index.
 */
export class CacheFiches {
  private readonly lignes = new Map<string, FicheLieu>();
  private version = 0;
  private readonly capacite: number;

  constructor(capacite: number) {
    this.capacite = capacite;
  }

  async lire(uids: readonly string[], charger: (manquants: string[]) => Promise<FicheLieu[]>): Promise<FicheLieu[]> {
    const manquants = uids.filter((u) => !this.lignes.has(u));
    const lues = new Map<string, FicheLieu>();
    if (manquants.length > 0) {
      const version = this.version;
      const lignes = await charger(manquants);
      for (const l of lignes) lues.set(l.uid, l);
      if (version === this.version) for (const l of lignes) this.garder(l);
    }
    const sortie: FicheLieu[] = [];
    for (const u of uids) {
      const f = lues.get(u) ?? this.lignes.get(u);
      if (f) sortie.push(f);
    }
    return sortie;
  }

  oublier(uid: string): void {
    this.lignes.delete(uid);
    this.version++;
  }

  vider(): void {
    this.lignes.clear();
    this.version++;
  }

  private garder(f: FicheLieu): void {
    this.lignes.delete(f.uid);
    this.lignes.set(f.uid, f);
    if (this.lignes.size > this.capacite) this.lignes.delete(this.lignes.keys().next().value!);
  }
}
