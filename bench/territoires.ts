// Figures of the territoires module: loading data/territoires, building the name index, search and resolution
// latency. Usage: node bench/territoires.ts   (run it alone: the machine's other load inflates every figure)
import { createTerritoiresService } from '../src/modules/territoires/territoires.service.ts';

const cpu0 = process.cpuUsage();
const t0 = performance.now();
const territoires = createTerritoiresService();
const chargement = performance.now() - t0;
const cpuChargement = process.cpuUsage(cpu0);

const t1 = performance.now();
territoires.rechercherCommunes('st etienne');
const index = performance.now() - t1;

const requetes = ['st etienne', 'Paris 10e', 'chateaub', 'abergement clemenciat', 'MARSEILLE 11', 'lyon 3', 'saint', 'rouvray', 'etienne rouvray', '16100', 'x', 'la rochelle'];
const durees: number[] = [];
for (let tour = 0; tour < 50; tour++) {
  for (const q of requetes) {
    const d = performance.now();
    territoires.rechercherCommunes(q, 10);
    durees.push(performance.now() - d);
  }
}
durees.sort((a, b) => a - b);
const centile = (p: number) => durees[Math.min(durees.length - 1, Math.floor((p / 100) * durees.length))]!;

const lignes = [
  { codePostal: '75010', nom: 'PARIS 10' },
  { codePostal: '16100', nom: 'CHÂTEAUBERNARD' },
  { codePostal: '42100', nom: 'St-Etienne' },
  { codePostal: '42007', nom: 'Saint-Étienne Cedex 1' },
  { codePostal: '01190', nom: 'St Etienne sur Reyssouze' },
  { codeInsee: '1001' },
];
const t2 = performance.now();
const n = 20_000;
for (let i = 0; i < n; i++) territoires.resoudreCommune(lignes[i % lignes.length]!);
const resolution = (performance.now() - t2) / n;

const ms = (x: number) => `${x.toFixed(x < 1 ? 3 : 0)} ms`;
console.log(`communes en mémoire        ${territoires.communes().length}`);
console.log(`chargement (fichier → API) ${ms(chargement)} (cpu ${ms((cpuChargement.user + cpuChargement.system) / 1000)})`);
console.log(`index des noms (1er usage) ${ms(index)}`);
console.log(`rechercherCommunes         p50 ${ms(centile(50))}, p95 ${ms(centile(95))}, max ${ms(durees.at(-1)!)} (${durees.length} requêtes)`);
console.log(`resoudreCommune            ${ms(resolution)} par ligne (${n} lignes)`);
