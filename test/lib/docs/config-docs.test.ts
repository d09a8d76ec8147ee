import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VARIABLES } from '../../../lib/config/variables.js';
import { renderComposeEnvExample, renderConfigTable, renderEnvExample, replaceConfigTable } from '../../../lib/docs/config-docs.js';
import { REPO_ROOT } from '../../../lib/repo-root.js';

describe('configuration docs generated from the variable registry', () => {
  it('README.md holds the current configuration table (run `npm run docs:config` when this fails)', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    expect(replaceConfigTable(readme, renderConfigTable(VARIABLES))).toBe(readme);
  });

  it('compose/.env.example is current and sets nothing but COMPOSE_PROFILES (run `npm run docs:config` when this fails)', () => {
    const example = readFileSync(join(REPO_ROOT, 'compose', '.env.example'), 'utf8');
    expect(example).toBe(renderComposeEnvExample(VARIABLES));
    expect(example.split('\n').filter((line) => /^[A-Z]/.test(line))).toEqual(['COMPOSE_PROFILES=mssql']);
    expect(example).toContain('# MSSQL_PASSWORD=\n');
    expect(example).not.toContain('KAFKA_BROKERS');
  });

  it('.env.example is current (run `npm run docs:config` when this fails)', () => {
    expect(readFileSync(join(REPO_ROOT, '.env.example'), 'utf8')).toBe(renderEnvExample(VARIABLES));
  });

  it('lists every variable once, secrets without a value', () => {
    const example = renderEnvExample(VARIABLES);
    for (const spec of VARIABLES) expect(example.match(new RegExp(`^# ${spec.name}=`, 'gm'))).toHaveLength(1);
    expect(example).toMatch(/^# PG_SINK_PASSWORD=$/m);
    expect(renderConfigTable(VARIABLES).split('\n')).toHaveLength(VARIABLES.length + 2);
  });

  it('refuses a README without the table markers', () => {
    expect(() => replaceConfigTable('# no markers', 'x')).toThrow(/lacks the markers/);
  });
});
