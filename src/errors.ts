/**
 * The closed catalogue of errors a user can meet. Each code has one HTTP status and one French message;
 * src/web/errors.ts maps them to responses in one place. Anything not in here is a bug and becomes a 500
 * without internals.
 */
export const errorCatalogue = {
  requete_invalide: { status: 400, message: 'La requête contient des paramètres invalides.' },
  formulaire_invalide: { status: 400, message: 'Le formulaire contient des erreurs.' },
  fichier_invalide: { status: 400, message: 'Le fichier ne peut pas être importé.' },
  non_authentifie: { status: 401, message: 'Vous devez vous connecter.' },
  interdit: { status: 403, message: "Vous n'avez pas les droits pour cette action." },
  introuvable: { status: 404, message: 'Ressource introuvable.' },
  conflit: { status: 409, message: 'La ressource a été modifiée entre-temps ou existe déjà.' },
  trop_volumineux: { status: 413, message: 'La requête est trop volumineuse.' },
  trop_de_requetes: { status: 429, message: 'Trop de requêtes : réessayez dans un instant.' },
  indisponible: { status: 503, message: 'Service momentanément indisponible.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

/** A field- or row-level problem, with a stable English key and a French message. */
export interface Issue {
  /** Stable machine key, in English (e.g. "pattern", "required", "enum"). */
  key: string;
  message: string;
  field?: string;
  line?: number;
  value?: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: readonly Issue[];
  constructor(code: ErrorCode, message?: string, details: readonly Issue[] = []) {
    super(message ?? errorCatalogue[code].message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return errorCatalogue[this.code].status;
  }
}
