import { z } from 'zod';

/**
 * Every environment variable Maillage reads, parsed once at start and frozen.
 * Documented in docs/configuration.md; a wrong value stops the process with a readable message.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** postgres://… switches from the embedded PGlite to PostgreSQL. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'doit commencer par postgres://').optional(),
  /** Where PGlite keeps its files when DATABASE_URL is absent. */
  MAILLAGE_DATA_DIR: z.string().min(1).default('.maillage'),
  /** auto: load the demo register on first start of the embedded database only. */
  MAILLAGE_DEMO: z.enum(['auto', 'oui', 'non']).default('auto'),
  /** Public base URL used in share links and OpenAPI; defaults to http://localhost:PORT. */
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** MapLibre style; the pages stay whole without it. */
  MAP_STYLE_URL: z.url().default('https://openmaptiles.geo.data.gouv.fr/styles/osm-bright/style.json'),
  /** Base Adresse Nationale geocoder; without it addresses fall back to commune centroids. */
  BAN_URL: z.url().optional(),
  /** smtp://user:pass@host:587 or smtps://…; absent → messages go to the development outbox (/dev/outbox). */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'doit commencer par smtp:// ou smtps://').optional(),
  /** Sender of account e-mails. */
  MAIL_FROM: z.string().min(3).default('Maillage <ne-pas-repondre@maillage.localhost>'),
  /** Signs CSRF tokens (≥ 32 characters). Required in production; elsewhere a random one per process. */
  MAILLAGE_SECRET: z.string().min(32, 'au moins 32 caractères').optional(),
  /** OpenID Connect provider (ProConnect: https://auth.agentconnect.gouv.fr/api/v2 in production); absent → no OIDC button. */
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** ProConnect needs at least `openid email`; add `given_name usual_name siret` to receive them. */
  OIDC_SCOPES: z.string().min(6).default('openid email'),
  /** oui: behind a reverse proxy, the client address is the last X-Forwarded-For entry (rate limits). */
  TRUST_PROXY: z.enum(['oui', 'non']).default('non'),
  /** Response cache of GET /api/v1/lieux, in MB (answers of the current minute and index version); 0 turns it off. */
  RECHERCHE_CACHE_MO: z.coerce.number().int().min(0).max(4096).default(32),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
}).refine((e) => !e.OIDC_ISSUER || (e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET), {
  path: ['OIDC_CLIENT_ID'],
  message: 'OIDC_ISSUER demande aussi OIDC_CLIENT_ID et OIDC_CLIENT_SECRET',
}).refine((e) => e.NODE_ENV !== 'production' || e.MAILLAGE_SECRET, {
  path: ['MAILLAGE_SECRET'],
  message: 'obligatoire en production (au moins 32 caractères) : il signe les jetons CSRF',
});

export type Config = Readonly<z.infer<typeof envSchema> & { publicUrl: string }>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Configuration invalide :\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return Object.freeze({ ...c, publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, '') });
}
