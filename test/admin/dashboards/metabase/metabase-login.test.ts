import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageOf } from '../../../../admin/dashboards/metabase/metabase-client.js';
import { loginStep, refusedLogin, setupPayload } from '../../../../admin/dashboards/metabase/metabase-login.js';
import { isPipelineError, type PipelineError } from '../../../../lib/errors.js';
import { REPO_ROOT } from '../../../../lib/repo-root.js';
import { runTsCli } from '../../../support/test-env.js';

const BASE = 'http://localhost:3000';
const caught = (run: () => unknown): PipelineError => {
  try {
    run();
  } catch (error) {
    if (isPipelineError(error)) return error;
    throw error;
  }
  throw new Error('nothing was thrown');
};

describe('getting a Metabase session', () => {
  it('sets up a new instance with its setup token, logs into one already set up', () => {
    const admin = { email: 'admin@example.com', password: 'Secret-123' };
    expect(loginStep(BASE, { 'setup-token': 'abc-123', 'has-user-setup': false }, admin)).toEqual({
      kind: 'setup',
      token: 'abc-123',
      password: 'Secret-123',
    });
    expect(loginStep(BASE, { 'setup-token': null, 'has-user-setup': true }, admin)).toEqual({ kind: 'login', password: 'Secret-123' });
    // The first-run body as POST /api/setup reads it (src/metabase/setup/api.clj): token, user, prefs.site_name.
    expect(setupPayload('abc-123', admin)).toEqual({
      token: 'abc-123',
      user: {
        email: 'admin@example.com',
        password: 'Secret-123',
        first_name: 'Pipeline',
        last_name: 'Admin',
        site_name: 'E-commerce pipeline',
      },
      prefs: { site_name: 'E-commerce pipeline', site_locale: 'en', allow_tracking: false },
    });
  });

  it('an instance already set up, without the admin password: one sentence, exit 2', () => {
    const error = caught(() => loginStep(BASE, { 'has-user-setup': true }, { email: 'admin@example.com', password: undefined }));
    expect(error.message).toBe(
      'Metabase at http://localhost:3000 is already set up, and METABASE_ADMIN_PASSWORD is not set: set METABASE_ADMIN_EMAIL and METABASE_ADMIN_PASSWORD in .env to an admin of it.',
    );
    expect([error.code, error.exitCode]).toEqual(['CONFIG_INVALID', 2]);
    const fresh = caught(() => loginStep(BASE, { 'has-user-setup': false, 'setup-token': 't' }, { email: 'a@b.io', password: '' }));
    expect(fresh.message).toBe(
      'Metabase at http://localhost:3000 is not set up yet, and METABASE_ADMIN_PASSWORD is not set: set it in .env (npm run up -- --with metabase generates one), and the first-run setup makes a@b.io its admin.',
    );
  });

  it('a Metabase that answers 401: the login refused, in one sentence, exit 1', () => {
    const error = refusedLogin(BASE, 'admin@example.com', 401);
    expect(error.message).toBe(
      "Metabase at http://localhost:3000 refused admin@example.com's login (HTTP 401): set METABASE_ADMIN_EMAIL and METABASE_ADMIN_PASSWORD in .env to an admin of it.",
    );
    expect([error.code, error.exitCode]).toEqual(['DASHBOARD_TOOL_REFUSED', 1]);
    expect(messageOf({ errors: { password: 'did not match stored password' } }, '')).toBe('{"password":"did not match stored password"}');
    expect(messageOf({ message: 'Database test failed.' }, '')).toBe('Database test failed.');
    expect(messageOf(undefined, '')).toBe('(no body)');
  });
});

describe('dashboards:plan --target metabase, before any request', () => {
  const env = (extra: Record<string, string>) => ({ ...process.env, WAREHOUSE: 'postgres', PG_READER_PASSWORD: 'reader-secret', ...extra });

  it('refuses a heatmap, which Metabase lacks: the file, the field, the value, the valid types; exit 2', async () => {
    const run = await runTsCli(
      'admin/dashboards-cli.ts',
      ['plan', '--target', 'metabase', '--dir', join(REPO_ROOT, 'test', 'fixtures', 'dashboards', 'heatmap')],
      env({ METABASE_URL: 'http://127.0.0.1:9' }),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '  test/fixtures/dashboards/heatmap/heat.json /cards/0/chart: "heatmap" is not a chart type metabase has; choose from number, line, bar, row, pie, table, funnel\n',
    );
  });
});
