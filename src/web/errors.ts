import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { AppError, errorCatalogue, type Issue } from '../errors.ts';
import type { Logger } from '../logger.ts';

/** zod issues → our field-level issues with French messages. */
export function issuesFromZod(error: z.ZodError): Issue[] {
  return error.issues.map((i) => ({ key: i.code, field: i.path.join('.') || undefined, message: i.message }));
}

export function wantsHtml(c: Context): boolean {
  if (c.req.path.startsWith('/api/')) return false;
  return (c.req.header('accept') ?? '').includes('text/html');
}

/**
 * The one place where errors become HTTP responses. User mistakes keep their status and French message;
 * anything else is logged with its stack and answered as a bare 500.
 */
export function toErrorResponse(err: unknown, c: Context, logger: Logger, renderHtml?: (status: number, message: string, details: readonly Issue[]) => string): Response {
  let appError: AppError;
  if (err instanceof AppError) appError = err;
  else if (err instanceof z.ZodError) appError = new AppError('requete_invalide', undefined, issuesFromZod(err));
  else if (err instanceof HTTPException && err.status < 500) {
    const code = err.status === 404 ? 'introuvable' : err.status === 413 ? 'trop_volumineux' : 'requete_invalide';
    appError = new AppError(code);
  } else {
    logger.error({ err, path: c.req.path }, 'erreur interne');
    appError = new AppError('indisponible', 'Une erreur interne est survenue. Elle a été enregistrée.');
    return respond(c, 500, 'erreur_interne', appError.message, [], renderHtml);
  }
  return respond(c, appError.status, appError.code, appError.message, appError.details, renderHtml);
}

function respond(c: Context, status: number, code: string, message: string, details: readonly Issue[], renderHtml?: (status: number, message: string, details: readonly Issue[]) => string): Response {
  if (renderHtml && wantsHtml(c)) {
    return c.html(renderHtml(status, message, details), status as 400);
  }
  return c.json({ erreur: { code, message, details } }, status as 400);
}

export { errorCatalogue };
