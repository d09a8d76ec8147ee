import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PipelineError } from '../../lib/errors.js';
import { REPO_ROOT } from '../../lib/repo-root.js';
import { CommandOutputError, runCommand } from '../process/run-command.js';
import type { StackPaths } from '../stack-paths.js';
import type { ComponentVersions } from '../versions.js';
import { checkMaven } from './prerequisites.js';

/** The -D properties that feed stack/pom.xml from stack/versions.json. */
export function mavenProperties(versions: ComponentVersions, paths: StackPaths): string[] {
  return [
    `-Dkafka.version=${versions.kafka}`,
    `-Dscala.version=${versions.scala}`,
    `-Dlog4j.version=${versions.log4j}`,
    `-Dslf4j.version=${versions.slf4j}`,
    `-Ddebezium.jdbc.version=${versions.debeziumJdbc}`,
    `-Dmaven.dependency.plugin.version=${versions.mavenDependencyPlugin}`,
    `-Dstack.dir=${paths.root}`,
  ];
}

function stampOf(versions: ComponentVersions): string {
  const { node: _node, mssqlImage: _mssqlImage, ...jvmParts } = versions;
  return JSON.stringify(jvmParts);
}

export function isAssembled(paths: StackPaths, versions: ComponentVersions): boolean {
  if (!existsSync(paths.assemblyStamp)) return false;
  return readFileSync(paths.assemblyStamp, 'utf8') === stampOf(versions);
}

/**
 * Brings the Kafka jars and the Debezium JDBC plugin into the stack directory with Maven
 * (cached in ~/.m2 after the first run). Skipped when the stamp shows the same versions.
 */
export async function assembleJars(paths: StackPaths, versions: ComponentVersions, report: (line: string) => void): Promise<void> {
  if (isAssembled(paths, versions)) return;
  await checkMaven();
  mkdirSync(paths.logs, { recursive: true });
  const logFile = join(paths.logs, 'maven.log');
  report(`Fetching Kafka ${versions.kafka} and Debezium JDBC sink ${versions.debeziumJdbc} with Maven (first run only)…`);
  const started = Date.now();
  // Other versions' jars must not linger on the classpath.
  rmSync(paths.kafkaLibs, { recursive: true, force: true });
  rmSync(paths.plugins, { recursive: true, force: true });
  const args = ['-B', '-f', join(REPO_ROOT, 'stack', 'pom.xml'), 'package', ...mavenProperties(versions, paths)];
  try {
    const { stdout } = await runCommand('mvn', args, { timeoutMs: 30 * 60_000 });
    writeFileSync(logFile, stdout);
  } catch (error) {
    const output = error instanceof Error && error.cause instanceof CommandOutputError ? `${error.cause.stdout}${error.cause.stderr}` : '';
    writeFileSync(logFile, output || (error instanceof Error ? error.message : String(error)));
    throw new PipelineError(
      'DOWNLOAD_FAILED',
      `Maven could not fetch the stack's jars; the output is in ${logFile}. Check that Maven Central (or the mirror in ~/.m2/settings.xml) is reachable, then run again.`,
      { cause: error },
    );
  }
  writeFileSync(paths.assemblyStamp, stampOf(versions));
  report(`Fetched in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
