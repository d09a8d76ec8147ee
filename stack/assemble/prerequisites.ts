import { PipelineError } from '../../lib/errors.js';
import { runCommand } from '../process/run-command.js';

export const MIN_JAVA_MAJOR = 17;

/** Parses the major version out of `java -version` output ("17.0.15", "1.8.0_402", "21"). */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "([0-9]+)(?:\.([0-9]+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}

export async function checkJava(): Promise<number> {
  const { stderr, stdout } = await runCommand('java', ['-version'], {
    missingHint: `Install a Java ${MIN_JAVA_MAJOR}+ JDK or JRE (e.g. apt-get install openjdk-17-jre-headless) and run again.`,
  });
  const major = parseJavaMajor(`${stderr}\n${stdout}`);
  if (major === undefined || major < MIN_JAVA_MAJOR) {
    throw new PipelineError(
      'PREREQUISITE_MISSING',
      `Kafka 4 needs Java ${MIN_JAVA_MAJOR} or newer, but \`java -version\` reports ${major ?? 'an unknown version'}. Put a Java ${MIN_JAVA_MAJOR}+ first on PATH and run again.`,
    );
  }
  return major;
}

export async function checkMaven(): Promise<void> {
  await runCommand('mvn', ['-v'], {
    missingHint: 'Maven assembles Kafka and the Debezium plugin from Maven Central: install it (e.g. apt-get install maven) and run again.',
  });
}
