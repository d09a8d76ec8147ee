import type { PidRecord } from '../process/pid-file.js';
import type { StackPaths } from '../stack-paths.js';
import type { StackSecrets } from '../stack-secrets.js';
import type { StackSettings } from '../stack-settings.js';
import type { StackTopology } from '../stack-topology.js';
import type { ComponentVersions } from '../versions.js';

/** The kinds of process the stack runs; Kafka and Connect may run as several nodes (kafka-1, connect-2…). */
export const SERVICE_KINDS = ['kafka', 'connect', 'postgres', 'clickhouse', 'superset'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];
/** A node's name: its kind alone (`postgres`, `kafka` on one node) or kind-N (`kafka-2`) in a cluster. */
export type ServiceName = string;

export interface StackContext {
  readonly paths: StackPaths;
  readonly settings: StackSettings;
  readonly versions: ComponentVersions;
  /** Secrets the stack resolved or generated; handed to processes by environment, never written to configs. */
  readonly secrets: StackSecrets;
  /** How many Kafka nodes and Connect workers this stack runs. */
  readonly topology: StackTopology;
}

export interface HealthReport {
  readonly healthy: boolean;
  readonly detail: string;
  readonly version?: string;
  /** Set when waiting cannot help (e.g. a rejected password): start-up fails at once with this message. */
  readonly fatal?: string;
}

/** One process of the native stack: how to prepare, start, probe and stop it. */
export interface StackService {
  readonly name: ServiceName;
  readonly kind: ServiceKind;
  /** Kinds of which at least one node must be running first. */
  readonly dependsOn: readonly ServiceKind[];
  ports(settings: StackSettings): number[];
  logFile(context: StackContext): string;
  /** Writes configuration, formats storage; idempotent. Long steps (a first-time build) say what they do through `report`. */
  prepare(context: StackContext, report?: (line: string) => void): Promise<void>;
  start(context: StackContext): Promise<PidRecord>;
  /** One probe, bounded in time; never throws. */
  probe(context: StackContext): Promise<HealthReport>;
  /** Runs once after the first healthy probe of a start (e.g. create roles). */
  afterHealthy?(context: StackContext): Promise<void>;
  stop(context: StackContext, record: PidRecord): Promise<'stopped' | 'killed' | 'not-running'>;
}
