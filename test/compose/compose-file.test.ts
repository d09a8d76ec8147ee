import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { composeVersionMismatches } from '../../admin/compose/compose-versions.js';
import { VARIABLES } from '../../lib/config/variables.js';
import { REPO_ROOT } from '../../lib/repo-root.js';
import { readVersions } from '../../stack/versions.js';

interface Service {
  image?: string;
  build?: { args?: Record<string, string> };
  profiles?: string[];
  ports?: (string | { host_ip?: string; published?: string; target?: number })[];
  restart?: string;
  healthcheck?: { test?: unknown };
  depends_on?: Record<string, { condition: string; required?: boolean }>;
  volumes?: string[];
}

const COMPOSE_FILE = join(REPO_ROOT, 'compose', 'docker-compose.yml');
const text = readFileSync(COMPOSE_FILE, 'utf8');
const compose = parse(text, { merge: true }) as { services: Record<string, Service> };
const services = Object.entries(compose.services);
const isOneShot = (service: Service) => service.restart === 'no';

/**
 * compose/docker-compose.yml checked without a Docker engine: the Compose Specification schema and
 * lint rules (dclint), and this project's own rules.
 */
describe('compose/docker-compose.yml', () => {
  it('validates against the Compose Specification and passes dclint with no warning', async () => {
    const bin = join(REPO_ROOT, 'node_modules', '.bin', 'dclint');
    const result = await new Promise<{ code: number; output: string }>((resolvePromise) =>
      execFile(
        bin,
        ['-c', 'compose/.dclintrc', '--max-warnings', '0', '--color', 'false', 'compose/docker-compose.yml'],
        { cwd: REPO_ROOT },
        (error, stdout, stderr) => resolvePromise({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
      ),
    );
    expect(result.output.trim(), result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it('gives every long-running service a healthcheck and a memory limit', () => {
    for (const [name, service] of services.filter(([, s]) => !isOneShot(s))) {
      expect(service.healthcheck?.test, `${name} has no healthcheck`).toBeDefined();
      expect((service as { mem_limit?: string }).mem_limit, `${name} has no mem_limit`).toBeDefined();
    }
  });

  it('pins every image by version, and builds its own images without naming them', () => {
    for (const [name, service] of services) {
      if (service.build) {
        expect(service.image, `${name} both builds and names an image`).toBeUndefined();
        continue;
      }
      expect(service.image, name).toMatch(/^[a-z0-9./-]+:[A-Za-z0-9._-]+$/);
      expect(service.image, name).not.toMatch(/:latest$/);
      expect(service.image?.split(':')[1], name).toMatch(/\d/);
    }
  });

  it("binds every published port to 127.0.0.1, the proxy's 443 to PROXY_BIND_ADDRESS (127.0.0.1 by default)", () => {
    const ports = services.flatMap(([name, service]) => (service.ports ?? []).map((port) => [name, port] as const));
    expect(ports.length).toBeGreaterThanOrEqual(8);
    for (const [name, port] of ports) {
      if (name === 'proxy')
        expect(port).toEqual({ target: 443, published: '443', host_ip: '${PROXY_BIND_ADDRESS:-127.0.0.1}', protocol: 'tcp' });
      else expect(port, name).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it('reads only registered variables, and every variable registered for Compose is read', () => {
    const used = new Set([...text.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((match) => match[1] as string));
    const registered = new Set<string>(VARIABLES.filter((spec) => 'compose' in spec && spec.compose).map((spec) => spec.name));
    expect([...used].filter((name) => !registered.has(name))).toEqual([]);
    expect([...registered].filter((name) => !used.has(name) && name !== 'COMPOSE_PROFILES')).toEqual([]);
  });

  it("gives a variable's default, where the registry has one, as the registry's", () => {
    const defaults = [...text.matchAll(/\$\{([A-Z][A-Z0-9_]*):-([^}]*)\}/g)].map((match): [string, string] => [
      match[1] as string,
      match[2] as string,
    ]);
    expect(defaults.length).toBeGreaterThanOrEqual(15);
    const registry = new Map<string, string>(VARIABLES.flatMap((spec) => ('default' in spec ? [[spec.name, spec.default]] : [])));
    const differing = defaults.filter(([name, value]) => registry.has(name) && registry.get(name) !== value);
    expect(differing).toEqual([]);
  });

  it('takes every version from stack/versions.json (npm run compose:versions writes them)', () => {
    expect(composeVersionMismatches(parseDocument(text), readVersions())).toEqual([]);
    const versions = readVersions();
    expect(versions.kafkaImage).toBe(`apache/kafka:${versions.kafka}`);
    expect(versions.nodeImage).toMatch(new RegExp(`^node:${versions.node.replaceAll('.', '\\.')}-`));
  });

  it('waits on one-shots for success and on servers for health, optional across profiles', () => {
    for (const [name, service] of services) {
      for (const [target, dependency] of Object.entries(service.depends_on ?? {})) {
        const targetService = compose.services[target] as Service;
        expect(targetService, `${name} depends on unknown ${target}`).toBeDefined();
        expect(dependency.condition, `${name} → ${target}`).toBe(
          isOneShot(targetService) ? 'service_completed_successfully' : 'service_healthy',
        );
        const always = targetService.profiles === undefined;
        const covers = (service.profiles ?? []).every((profile) => targetService.profiles?.includes(profile));
        if (!always && !covers) expect(dependency.required, `${name} → ${target} must be required: false`).toBe(false);
      }
    }
  });

  it('has a profile per warehouse and per extra, with Kafka and Connect always on', () => {
    expect(compose.services.kafka?.profiles).toBeUndefined();
    expect(compose.services.connect?.profiles).toBeUndefined();
    for (const [service, profile] of [
      ['mssql', 'mssql'],
      ['clickhouse', 'clickhouse'],
      ['postgres', 'postgres'],
      ['metabase', 'metabase'],
      ['jupyter', 'jupyter'],
      ['producer', 'demo'],
      ['collector', 'web'],
      ['proxy', 'proxy'],
    ] as const) {
      expect(compose.services[service]?.profiles).toEqual([profile]);
    }
  });

  it('builds the admin image with every folder its one-shots read, and no virtual environment in the build context', () => {
    const dockerfile = readFileSync(join(REPO_ROOT, 'compose', 'admin', 'Dockerfile'), 'utf8');
    const copied = [...dockerfile.matchAll(/^COPY (\S+) \1$/gm)].map((match) => match[1]);
    // dashboards:apply (the dashboards one-shot) reads dashboards/ and sql/<dialect>/kpis/; migrate sql/; connectors connectors/.
    for (const folder of ['lib', 'admin', 'schemas', 'sql', 'connectors', 'dashboards', 'stack']) expect(copied, folder).toContain(folder);
    const ignored = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const local of ['.env', 'node_modules', '.stack', '.venv-notebooks', '.venv-superset']) expect(ignored, local).toContain(local);
  });

  it('builds the Connect image from stack/pom.xml and verifies the ClickHouse sink when a checksum is pinned', () => {
    const dockerfile = readFileSync(join(REPO_ROOT, 'compose', 'connect', 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('COPY stack/pom.xml stack/pom.xml');
    expect(dockerfile).toContain('dependency:unpack@debezium-jdbc-plugin');
    expect(dockerfile).toContain('sha256sum -c -');
    expect(dockerfile).toMatch(/^FROM \$\{KAFKA_IMAGE\}$/m);
  });
});

describe('npm run compose:versions', () => {
  it('writes stack/versions.json into the compose file, keeping its comments, and reports what changed', async () => {
    const { applyComposeVersions } = await import('../../admin/compose/compose-versions.js');
    const stale = text.replace(`image: ${readVersions().metabaseImage}`, 'image: metabase/metabase:v0.1.0');
    const doc = parseDocument(stale);
    expect(applyComposeVersions(doc, readVersions())).toEqual([
      { path: 'services.metabase.image', found: 'metabase/metabase:v0.1.0', expected: readVersions().metabaseImage },
    ]);
    const written = doc.toString({ lineWidth: 0 });
    expect(composeVersionMismatches(parseDocument(written), readVersions())).toEqual([]);
    expect(written).toContain('# The production-shaped stack for a machine with Docker');
    expect(written).toContain('# Embedded Keeper: the ClickHouse sink keeps its exactly-once state');
  });
});
