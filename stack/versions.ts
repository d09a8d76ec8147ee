import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../lib/repo-root.js';

/** Component versions; `stack/versions.json` is the one source (also read by compose/ and .ci/). */
export interface ComponentVersions {
  readonly node: string;
  readonly kafka: string;
  readonly scala: string;
  readonly log4j: string;
  readonly slf4j: string;
  readonly debeziumJdbc: string;
  readonly mavenDependencyPlugin: string;
  /** SQL Server image for live tests (testcontainers) and Compose. */
  readonly mssqlImage: string;
  /** Compose images and the Connect image's build inputs (see compose/docker-compose.yml). */
  readonly kafkaImage: string;
  readonly postgresImage: string;
  readonly clickhouseImage: string;
  readonly metabaseImage: string;
  readonly caddyImage: string;
  readonly nodeImage: string;
  readonly pythonImage: string;
  readonly mavenImage: string;
  /** Apache Superset of the native stack (`stack/superset/requirements.txt` pins the same; a test checks). */
  readonly superset: string;
  /** ClickHouse Kafka Connect sink release (its archive; not on Maven Central) and its SHA-256 ("" when none is published). */
  readonly clickhouseSink: string;
  readonly clickhouseSinkSha256: string;
}

export const VERSIONS_FILE = join(REPO_ROOT, 'stack', 'versions.json');

export function readVersions(file = VERSIONS_FILE): ComponentVersions {
  return JSON.parse(readFileSync(file, 'utf8')) as ComponentVersions;
}
