import { randomInt } from 'node:crypto';
import { durationOf, instantOf } from '../../lib/cli/value-parsers.js';
import { PipelineError } from '../../lib/errors.js';
import { DEFAULT_TRAFFIC_PROFILE, loadTrafficProfile } from '../../producer/traffic-profile.js';

export interface DemoOptions {
  /** Orders to produce (each with its clickstream session and, sometimes, feedback). */
  readonly orders: number;
  /** The generator seed; a new one each run unless given, so runs add orders instead of repeating them. */
  readonly seed: number;
  /** How long to wait for the warehouse to hold every produced row. */
  readonly timeoutMs: number;
  /** Leave the stack running at the end. */
  readonly keep: boolean;
  readonly dryRun: boolean;
  /** `--with web`: the collector and its demo shop run alongside, open until Ctrl-C. */
  readonly web: boolean;
  /** `--watch`: connectors:watch runs alongside (quarantine or restart a FAILED sink). */
  readonly watch: boolean;
  /** The traffic profile: `realistic` (about 160 clickstream events per order), `compact` or a file. */
  readonly profile: string;
  /** Event time of the first order (epoch ms): with the seed, it decides every event. */
  readonly startMs: number;
}

/** What `--with` may add to the demo. */
export const DEMO_EXTRAS = ['web'] as const;
export type DemoExtra = (typeof DEMO_EXTRAS)[number];

/** With the realistic traffic an order comes with about 160 clickstream events: 500 orders are about 80,000 events. */
export const DEFAULT_DEMO_ORDERS = 500;
export const DEFAULT_DEMO_TIMEOUT = '180s';
/** The first order a day ago, so the last day's dashboards fill. */
export const DEFAULT_DEMO_START = 'now-1d';

export interface RawDemoOptions {
  readonly orders: number;
  readonly seed?: number;
  readonly timeout: string;
  readonly keep: boolean;
  readonly dryRun: boolean;
  readonly with?: readonly DemoExtra[];
  readonly watch?: boolean;
  readonly profile?: string;
  readonly start?: string;
}

export function demoOptionsFrom(raw: RawDemoOptions, nowMs = Date.now()): DemoOptions {
  const problems: string[] = [];
  if (!Number.isInteger(raw.orders) || raw.orders < 1 || raw.orders > 10_000_000) {
    problems.push(`--orders "${raw.orders}" must be a whole number from 1 to 10000000`);
  }
  if (raw.seed !== undefined && (!Number.isInteger(raw.seed) || raw.seed < 0 || raw.seed > 4_294_967_295)) {
    problems.push(`--seed "${raw.seed}" must be a whole number from 0 to 4294967295`);
  }
  let timeoutMs = 0;
  try {
    timeoutMs = durationOf(raw.timeout, '--timeout');
  } catch (error) {
    problems.push((error as Error).message.replace(/\.$/, ''));
  }
  let startMs = 0;
  try {
    startMs = instantOf(raw.start ?? DEFAULT_DEMO_START, nowMs, '--start');
  } catch (error) {
    problems.push((error as Error).message.replace(/\.$/, ''));
  }
  try {
    loadTrafficProfile(raw.profile ?? DEFAULT_TRAFFIC_PROFILE);
  } catch (error) {
    problems.push((error as Error).message.replace(/\.$/, ''));
  }
  if (problems.length > 0) throw new PipelineError('USAGE', `Invalid options: ${problems.join('; ')}.`);
  return {
    orders: raw.orders,
    seed: raw.seed ?? randomInt(1, 2 ** 31),
    timeoutMs,
    keep: raw.keep,
    dryRun: raw.dryRun,
    web: raw.with?.includes('web') ?? false,
    watch: raw.watch ?? false,
    profile: raw.profile ?? DEFAULT_TRAFFIC_PROFILE,
    startMs,
  };
}
