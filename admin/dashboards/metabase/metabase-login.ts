import { PipelineError } from '../../../lib/errors.js';

/** What GET /api/session/properties tells before anyone logs in (the fields used here). */
export interface SessionProperties {
  /** Present until the first admin exists (src/metabase/setup: the token POST /api/setup takes). */
  readonly 'setup-token'?: string | null;
  readonly 'has-user-setup'?: boolean;
}

export interface MetabaseAdmin {
  readonly email: string;
  readonly password: string | undefined;
}

export type LoginStep =
  | { readonly kind: 'setup'; readonly token: string; readonly password: string }
  | { readonly kind: 'login'; readonly password: string };

/**
 * How to get a session (pure): a Metabase without a user is set up with its setup token and the admin
 * from the configuration; one already set up is logged into. Without a password neither can happen:
 * that is the configuration's fault (exit 2), said in one sentence.
 */
export function loginStep(base: string, properties: SessionProperties, admin: MetabaseAdmin): LoginStep {
  const token = properties['setup-token'];
  const needsSetup = properties['has-user-setup'] === false && typeof token === 'string' && token !== '';
  if (!admin.password) {
    throw new PipelineError(
      'CONFIG_INVALID',
      needsSetup
        ? `Metabase at ${base} is not set up yet, and METABASE_ADMIN_PASSWORD is not set: set it in .env (npm run up -- --with metabase generates one), and the first-run setup makes ${admin.email} its admin.`
        : `Metabase at ${base} is already set up, and METABASE_ADMIN_PASSWORD is not set: set METABASE_ADMIN_EMAIL and METABASE_ADMIN_PASSWORD in .env to an admin of it.`,
    );
  }
  return needsSetup ? { kind: 'setup', token, password: admin.password } : { kind: 'login', password: admin.password };
}

/**
 * The first-run setup's body (POST /api/setup): the admin user and the site's name and locale; no
 * database (the warehouse connection is apply's own step). Shape from src/metabase/setup/api.clj.
 */
export const setupPayload = (token: string, admin: { email: string; password: string }) => ({
  token,
  user: { email: admin.email, password: admin.password, first_name: 'Pipeline', last_name: 'Admin', site_name: 'E-commerce pipeline' },
  prefs: { site_name: 'E-commerce pipeline', site_locale: 'en', allow_tracking: false },
});

/** A refused login (POST /api/session answers 401, or 400 for a malformed one), in one sentence. */
export const refusedLogin = (base: string, email: string, status: number): PipelineError =>
  new PipelineError(
    'DASHBOARD_TOOL_REFUSED',
    `Metabase at ${base} refused ${email}'s login (HTTP ${status}): set METABASE_ADMIN_EMAIL and METABASE_ADMIN_PASSWORD in .env to an admin of it.`,
  );
