import { describe, expect, it } from 'vitest';
import { configProviderProperties, envAllowlistPattern, providerReferencesOf } from '../../lib/connect-config-providers.js';

describe("the Connect worker's config providers", () => {
  it('finds every reference in connector texts, once each, sorted', () => {
    const texts = [
      '{"password": "${env:PG_SINK_PASSWORD}", "user": "${file:/s/secrets.env:PG_SINK_USER}"}',
      '{"a": "${env:MSSQL_SINK_PASSWORD}", "b": "${env:PG_SINK_PASSWORD}", "c": "${dir:/run/secrets:token}", "d": "{{NOT_A_REFERENCE}}"}',
    ];
    expect(providerReferencesOf(texts)).toEqual({
      env: ['MSSQL_SINK_PASSWORD', 'PG_SINK_PASSWORD'],
      files: ['/s/secrets.env'],
      dirs: ['/run/secrets'],
    });
  });

  it('allows exactly the named variables, and nothing when none is named', () => {
    const pattern = envAllowlistPattern(['PG_SINK_PASSWORD', 'A.B']);
    expect(pattern).toBe('^(PG_SINK_PASSWORD|A\\.B)$');
    const allowed = new RegExp(pattern);
    expect(['PG_SINK_PASSWORD', 'A.B'].every((name) => allowed.test(name))).toBe(true);
    expect(['PG_SINK_PASSWORD_X', 'HOME', 'AxB', 'PG_PASSWORD'].some((name) => allowed.test(name))).toBe(false);
    expect(new RegExp(envAllowlistPattern([])).test('HOME')).toBe(false);
  });

  it('declares only the providers in use, each limited to what is referenced', () => {
    expect(configProviderProperties({ env: ['PG_SINK_PASSWORD'], files: [], dirs: [] })).toEqual({
      'config.providers': 'env',
      'config.providers.env.class': 'org.apache.kafka.common.config.provider.EnvVarConfigProvider',
      'config.providers.env.param.allowlist.pattern': '^(PG_SINK_PASSWORD)$',
    });
    const all = configProviderProperties({ env: [], files: ['/a/secrets.env'], dirs: ['/run/secrets'] });
    expect(all['config.providers']).toBe('env,file,dir');
    expect(all['config.providers.file.param.allowed.paths']).toBe('/a/secrets.env');
    expect(all['config.providers.dir.param.allowed.paths']).toBe('/run/secrets');
    expect(all['config.providers.env.param.allowlist.pattern']).toBe('^$');
  });
});
