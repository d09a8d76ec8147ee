import { type Document, isScalar } from 'yaml';
import type { ComponentVersions } from '../../stack/versions.js';

/** Where each pinned version sits in compose/docker-compose.yml, and which versions.json entry fills it. */
export const COMPOSE_VERSION_PATHS: ReadonlyArray<{ path: readonly string[]; version: keyof ComponentVersions }> = [
  { path: ['services', 'kafka', 'image'], version: 'kafkaImage' },
  { path: ['services', 'connect', 'build', 'args', 'KAFKA_IMAGE'], version: 'kafkaImage' },
  { path: ['services', 'connect', 'build', 'args', 'MAVEN_IMAGE'], version: 'mavenImage' },
  { path: ['services', 'connect', 'build', 'args', 'KAFKA_VERSION'], version: 'kafka' },
  { path: ['services', 'connect', 'build', 'args', 'SCALA_VERSION'], version: 'scala' },
  { path: ['services', 'connect', 'build', 'args', 'LOG4J_VERSION'], version: 'log4j' },
  { path: ['services', 'connect', 'build', 'args', 'SLF4J_VERSION'], version: 'slf4j' },
  { path: ['services', 'connect', 'build', 'args', 'DEBEZIUM_JDBC_VERSION'], version: 'debeziumJdbc' },
  { path: ['services', 'connect', 'build', 'args', 'MAVEN_DEPENDENCY_PLUGIN_VERSION'], version: 'mavenDependencyPlugin' },
  { path: ['services', 'connect', 'build', 'args', 'CLICKHOUSE_SINK_VERSION'], version: 'clickhouseSink' },
  { path: ['services', 'connect', 'build', 'args', 'CLICKHOUSE_SINK_SHA256'], version: 'clickhouseSinkSha256' },
  { path: ['services', 'mssql', 'image'], version: 'mssqlImage' },
  { path: ['services', 'mssql-init', 'image'], version: 'mssqlImage' },
  { path: ['services', 'clickhouse', 'image'], version: 'clickhouseImage' },
  { path: ['services', 'postgres', 'image'], version: 'postgresImage' },
  { path: ['services', 'metabase', 'image'], version: 'metabaseImage' },
  { path: ['services', 'proxy', 'image'], version: 'caddyImage' },
  { path: ['x-one-shot', 'build', 'args', 'NODE_IMAGE'], version: 'nodeImage' },
  { path: ['services', 'jupyter', 'build', 'args', 'PYTHON_IMAGE'], version: 'pythonImage' },
];

export interface VersionMismatch {
  readonly path: string;
  readonly found: string | undefined;
  readonly expected: string;
}

/** Every pinned value in the compose document that differs from stack/versions.json. */
export function composeVersionMismatches(doc: Document, versions: ComponentVersions): VersionMismatch[] {
  const mismatches: VersionMismatch[] = [];
  for (const { path, version } of COMPOSE_VERSION_PATHS) {
    const node = doc.getIn(path, true);
    const found = isScalar(node) ? String(node.value) : undefined;
    const expected = String(versions[version]);
    if (found !== expected) mismatches.push({ path: path.join('.'), found, expected });
  }
  return mismatches;
}

/** Writes stack/versions.json's values into the document (comments and layout are kept). */
export function applyComposeVersions(doc: Document, versions: ComponentVersions): VersionMismatch[] {
  const mismatches = composeVersionMismatches(doc, versions);
  for (const { path, version } of COMPOSE_VERSION_PATHS) doc.setIn(path, String(versions[version]));
  return mismatches;
}
