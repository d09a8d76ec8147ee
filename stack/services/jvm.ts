import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PidRecord } from '../process/pid-file.js';
import { spawnDetached } from '../process/spawn-detached.js';
import type { StackPaths } from '../stack-paths.js';

/** A log4j2 configuration (properties syntax, no YAML dependency) writing one rolling file. */
export function renderLog4j2(logFile: string): string {
  return [
    'status = warn',
    'appender.file.type = RollingFile',
    'appender.file.name = file',
    `appender.file.fileName = ${logFile}`,
    `appender.file.filePattern = ${logFile}.%i`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d{ISO8601}{UTC}] %p %m (%c)%n',
    'appender.file.policies.type = Policies',
    'appender.file.policies.size.type = SizeBasedTriggeringPolicy',
    'appender.file.policies.size.size = 50MB',
    'appender.file.strategy.type = DefaultRolloverStrategy',
    'appender.file.strategy.max = 3',
    'rootLogger.level = INFO',
    'rootLogger.appenderRef.file.ref = file',
    'logger.kafka.name = kafka',
    'logger.kafka.level = INFO',
    'logger.apache.name = org.apache.kafka',
    'logger.apache.level = INFO',
    'logger.reflections.name = org.reflections',
    'logger.reflections.level = ERROR',
    '',
  ].join('\n');
}

export interface JvmLaunch {
  readonly service: string;
  readonly mainClass: string;
  readonly args: readonly string[];
  readonly heap: string;
  /**
   * `latency` (G1 with 20 ms pause goals: the broker) or `throughput` (the parallel collector: Connect,
   * whose tasks are bound by CPU and not hurt by a pause; bench:drain measured the difference).
   */
  readonly gc?: 'latency' | 'throughput';
  readonly paths: StackPaths;
  readonly logFile: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Starts a JVM service detached, with an explicit heap and its own log4j2 file. */
export async function launchJvm(launch: JvmLaunch): Promise<PidRecord> {
  const log4jFile = join(launch.paths.conf, `${launch.service}-log4j2.properties`);
  writeFileSync(log4jFile, renderLog4j2(launch.logFile));
  const args = [
    `-Xms${launch.heap}`,
    `-Xmx${launch.heap}`,
    ...(launch.gc === 'throughput' ? ['-XX:+UseParallelGC'] : ['-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20']),
    '-XX:+ExitOnOutOfMemoryError',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${log4jFile}`,
    `-Dkafka.logs.dir=${launch.paths.logs}`,
    '-cp',
    join(launch.paths.kafkaLibs, '*'),
    launch.mainClass,
    ...launch.args,
  ];
  const pid = await spawnDetached({
    command: 'java',
    args,
    env: launch.env,
    outputFile: join(launch.paths.logs, `${launch.service}.out`),
  });
  // The config file path is unique to this stack and service: it marks the process as ours.
  return { pid, startedAt: new Date().toISOString(), marker: launch.args[launch.args.length - 1] ?? launch.mainClass };
}
