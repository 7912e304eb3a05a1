/** A one-line progress bar on stderr, redrawn at most 10 times a second; silent when stderr is not a terminal. */
export function barreProgression(flux: NodeJS.WriteStream = process.stderr) {
  if (!flux.isTTY) return { maj: (_p: { octetsLus: number; taille: number; lus: number }) => {}, fin: () => {} };
  const debut = Date.now();
  let dernier = 0;
  const mo = (o: number) => (o / 1e6).toFixed(1).replace('.', ',');
  return {
    maj(p: { octetsLus: number; taille: number; lus: number }) {
      const t = Date.now();
      if (t - dernier < 100) return;
      dernier = t;
      const part = p.taille ? Math.min(1, p.octetsLus / p.taille) : 0;
      const largeur = 30;
      const plein = Math.round(part * largeur);
      const debit = Math.round(p.lus / Math.max(0.001, (t - debut) / 1000));
      flux.write(`\r[${'#'.repeat(plein)}${'-'.repeat(largeur - plein)}] ${Math.round(part * 100)} % · ${mo(p.octetsLus)}/${mo(p.taille)} Mo · ${p.lus} lignes · ${debit} lignes/s `);
    },
    fin() {
      flux.write('\r\x1b[2K');
    },
  };
}
