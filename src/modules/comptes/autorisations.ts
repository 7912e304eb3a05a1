/**
 * The one policy: who may do what. Services call `peut` (or `exiger`) before every write and every private
 * read, so a rule holds whatever the route — and the authorization matrix test enumerates it.
 */
import { AppError } from '../../errors.ts';

export const ROLES_STRUCTURE = ['mediateur', 'responsable', 'prescripteur', 'financeur'] as const;
export type RoleStructure = (typeof ROLES_STRUCTURE)[number];

export const LIBELLES_ROLES: Record<RoleStructure | 'coordinateur' | 'administrateur_national', string> = {
  mediateur: 'Médiateur ou médiatrice numérique',
  responsable: 'Responsable de structure',
  prescripteur: 'Prescripteur',
  financeur: 'Financeur',
  coordinateur: 'Coordinateur territorial',
  administrateur_national: 'Administrateur national',
};

/** Who is acting: loaded once per request from the session (never from anything the client sends). */
export interface Acteur {
  id: number;
  email: string;
  administrateur: boolean;
  /** Territories this person coordinates. */
  coordinations: ReadonlyArray<{ departement: string | null; region: string | null }>;
  membres: ReadonlyArray<{ structure_id: number; role: RoleStructure }>;
}

export type Ressource =
  | { type: 'aucune' }
  | { type: 'structure'; id: number }
  | { type: 'territoire'; departement: string | null; region: string | null }
  /** A place: its territory and the structures that manage it. */
  | { type: 'lieu'; departement: string | null; region: string | null; gestionnaires: readonly number[] };

export type Action =
  | 'structure.creer'
  | 'structure.lire'
  | 'structure.membres.gerer'
  | 'role_territorial.attribuer'
  | 'audit.lire'
  | 'lieu.gestion.demander'
  | 'lieu.gestion.accorder'
  | 'lieu.modifier'
  | 'lieu.signalements.traiter';

const membreDe = (a: Acteur, structure: number, roles?: readonly RoleStructure[]) =>
  a.membres.some((m) => m.structure_id === structure && (!roles || roles.includes(m.role)));

/** The caller fills both the département and its région (territoires service): a région coordinator covers its départements. */
const coordonne = (a: Acteur, r: { departement: string | null; region: string | null }) =>
  a.coordinations.some((c) => (c.departement !== null && c.departement === r.departement) || (c.region !== null && c.region === r.region));

export function peut(a: Acteur, action: Action, r: Ressource = { type: 'aucune' }): boolean {
  if (a.administrateur) return true;
  switch (action) {
    case 'structure.creer':
      // A SIRET or RNA grants places automatically (pivot match): only people vouched for may declare one.
      return a.coordinations.length > 0;
    case 'structure.lire':
      return r.type === 'structure' && membreDe(a, r.id);
    case 'structure.membres.gerer':
      return r.type === 'structure' && membreDe(a, r.id, ['responsable']);
    case 'lieu.gestion.demander':
      return r.type === 'structure' && membreDe(a, r.id, ['responsable', 'mediateur']);
    case 'lieu.gestion.accorder':
      return (r.type === 'lieu' || r.type === 'territoire') && coordonne(a, r);
    case 'lieu.modifier':
    case 'lieu.signalements.traiter':
      return r.type === 'lieu' && (r.gestionnaires.some((s) => membreDe(a, s, ['responsable', 'mediateur'])) || coordonne(a, r));
    case 'role_territorial.attribuer':
    case 'audit.lire':
      return false;
  }
}

/** `peut` or a 403 with the catalogue's message: what services call. */
export function exiger(a: Acteur | null, action: Action, r?: Ressource): Acteur {
  if (!a) throw new AppError('non_authentifie');
  if (!peut(a, action, r)) throw new AppError('interdit');
  return a;
}
