import { z } from 'zod';

/** The kinds of error a visitor can report about a place, with their French labels (form and lists). */
export const TYPES_SIGNALEMENT = {
  informations_erronees: 'Des informations sont fausses',
  lieu_ferme: 'Le lieu est fermé définitivement',
  horaires: 'Les horaires ne sont pas bons',
  coordonnees: 'L’adresse, le téléphone ou le courriel ne sont pas bons',
  autre: 'Autre chose',
} as const;

export type TypeSignalement = keyof typeof TYPES_SIGNALEMENT;

const typesListe = Object.keys(TYPES_SIGNALEMENT) as [TypeSignalement, ...TypeSignalement[]];

const courriel = z.email();
// French or international number, spaces/dots/dashes allowed (people type them so).
const telephone = /^\+?[0-9](?:[ .-]?[0-9]){7,14}$/;

/** The form as posted (urlencoded strings), parsed at the edge. */
export const formulaireSignalement = z.object({
  type: z.enum(typesListe, { error: 'Choisissez ce qui ne va pas.' }),
  message: z
    .string({ error: 'Décrivez l’erreur.' })
    .trim()
    .min(1, 'Décrivez l’erreur.')
    .max(2000, 'Le message ne doit pas dépasser 2 000 caractères.'),
  contact: z
    .string()
    .trim()
    .max(200, 'Le contact ne doit pas dépasser 200 caractères.')
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || courriel.safeParse(v).success || telephone.test(v), {
      message: 'Indiquez une adresse électronique (nom@exemple.fr) ou un numéro de téléphone, ou laissez vide.',
    }),
});

export type NouveauSignalement = z.infer<typeof formulaireSignalement> & { uid: string };

export interface Signalement extends NouveauSignalement {
  id: number;
  cree_le: Date;
  statut: string;
}
