import { join } from 'node:path';
import type { ResolvedConfig } from '../lib/config/resolve-config.js';
import { planTopics } from '../lib/kafka/topic-plan.js';
import { REPO_ROOT } from '../lib/repo-root.js';
import { collectorRejectsTopic } from '../lib/streams.js';

/** The collector's settings, typed, from the configuration registry (COLLECTOR_* variables). */
export interface CollectorOptions {
  readonly allowedOrigins: readonly string[];
  readonly trustedProxies: readonly string[];
  readonly countryHeader: string;
  readonly bots: 'flag' | 'drop';
  readonly ip: 'truncate' | 'drop';
  readonly consent: 'required' | 'implied';
  readonly maxBodyBytes: number;
  readonly maxEvents: number;
  readonly rateLimitPerMinute: number;
  readonly ackTimeoutMs: number;
  /** The demo shop's currency (COLLECTOR_CURRENCY). */
  readonly currency: string;
  readonly topicSuffix: string;
  /** Static files served at / (the tag and the shop's pages). */
  readonly publicDir: string;
}

const list = (text: string): string[] =>
  text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);

export const COLLECTOR_PUBLIC_DIR = join(REPO_ROOT, 'collector', 'public');

export function collectorOptionsOf(config: Pick<ResolvedConfig, 'values'>): CollectorOptions {
  const v = config.values;
  return {
    allowedOrigins: list(v.COLLECTOR_ALLOWED_ORIGINS),
    trustedProxies: list(v.COLLECTOR_TRUSTED_PROXIES),
    countryHeader: v.COLLECTOR_COUNTRY_HEADER.toLowerCase(),
    bots: v.COLLECTOR_BOTS,
    ip: v.COLLECTOR_IP,
    consent: v.COLLECTOR_CONSENT,
    maxBodyBytes: v.COLLECTOR_MAX_BODY_BYTES,
    maxEvents: v.COLLECTOR_MAX_EVENTS,
    rateLimitPerMinute: v.COLLECTOR_RATE_LIMIT,
    ackTimeoutMs: v.COLLECTOR_ACK_TIMEOUT_MS,
    currency: v.COLLECTOR_CURRENCY,
    topicSuffix: v.TOPIC_SUFFIX,
    publicDir: COLLECTOR_PUBLIC_DIR,
  };
}

/** The topics the collector writes, as created when missing: clickstream, feedback, the shop's sales lines, and its rejects. */
export const collectorTopicPlan = (options: Pick<CollectorOptions, 'topicSuffix'>, deadLetterReplicationFactor: number) =>
  planTopics({
    suffix: options.topicSuffix,
    streams: ['clickstream', 'feedback', 'sales'],
    deadLetterTopics: [collectorRejectsTopic(options.topicSuffix)],
    deadLetterReplicationFactor,
  });
