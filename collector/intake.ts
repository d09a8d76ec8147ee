import type { FastifyReply, FastifyRequest } from 'fastify';
import { describeCause } from '../lib/errors.js';
import type { StreamName } from '../lib/streams.js';
import { collectorRejectsTopic } from '../lib/streams.js';
import { createRecordBuilder, DEFAULT_FORMAT, type OutgoingRecord } from '../producer/record-builder.js';
import { keptAddress } from './client-address.js';
import type { CollectorMetrics } from './collector-metrics.js';
import type { CollectorOptions } from './collector-options.js';
import { rejectRecordValue } from './reject-record.js';
import { countryReader, parseJsonBody, sameOriginOrAllowed } from './request-helpers.js';

/** What the routes need besides the request: the settings, Kafka, the clock and the counters. */
export interface CollectorDeps {
  /** Resolves when Kafka acknowledged the records; rejects otherwise. */
  readonly send: (records: readonly OutgoingRecord[]) => Promise<void>;
  readonly now: () => Date;
  /** A new random id (hex) for parties and sessions. */
  readonly newId: () => string;
  /** One line to the collector's log. */
  readonly log: (line: string) => void;
}

export interface Intake {
  readonly options: CollectorOptions;
  readonly deps: CollectorDeps;
  readonly metrics: CollectorMetrics;
  readonly records: ReturnType<typeof createRecordBuilder>;
  /** The visitor's country (a trusted proxy's header, else ZZ). */
  readonly countryOf: (request: FastifyRequest) => string;
  /** Whether the last send was acknowledged (for /health). */
  kafkaOk: boolean;
}

export const RETRY_AFTER_S = 5;

export function createIntake(options: CollectorOptions, deps: CollectorDeps, metrics: CollectorMetrics): Intake {
  return {
    options,
    deps,
    metrics,
    records: createRecordBuilder(DEFAULT_FORMAT, options.topicSuffix),
    countryOf: countryReader(options),
    kafkaOk: true,
  };
}

/** Sends within COLLECTOR_ACK_TIMEOUT_MS: true when Kafka acknowledged, false when it did not (in time). */
export async function deliver(intake: Intake, records: readonly OutgoingRecord[]): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), intake.options.ackTimeoutMs);
  });
  const sent = intake.deps.send(records).then(
    () => true,
    (error: unknown) => {
      intake.deps.log(`${records.length} record(s) not acknowledged: ${describeCause(error)}`);
      return false;
    },
  );
  const ok = await Promise.race([sent, timeout]);
  clearTimeout(timer);
  intake.kafkaOk = ok;
  if (ok) intake.metrics.sent.inc(records.length);
  return ok;
}

/** A record for collector-rejects, from a refused request or event. */
export function rejectRecord(
  intake: Intake,
  request: FastifyRequest,
  input: { kind: string; reason: string; status: number; body: string; source: StreamName },
): OutgoingRecord {
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value.slice(0, 500) : null;
  };
  const receivedAt = intake.deps.now();
  return {
    stream: input.source,
    topic: collectorRejectsTopic(intake.options.topicSuffix),
    key: input.kind,
    value: rejectRecordValue({
      kind: input.kind,
      reason: input.reason,
      status: input.status,
      path: request.url,
      receivedAt,
      address: keptAddress(request.ip, intake.options.ip),
      userAgent: header('user-agent'),
      origin: header('origin'),
      body: input.body,
    }),
    recordId: `${input.kind}@${receivedAt.getTime()}`,
  };
}

/** Writes the rejects (counted by kind, their key; a reject Kafka cannot take is counted and logged, never silent). */
export async function recordRejects(intake: Intake, rejects: readonly OutgoingRecord[]): Promise<void> {
  const kinds = rejects.map((reject) => reject.key);
  for (const kind of kinds) intake.metrics.rejected.inc({ reason: kind });
  if (rejects.length === 0) return;
  if (!(await deliver(intake, rejects))) {
    intake.metrics.rejectsUnsent.inc(rejects.length);
    intake.deps.log(
      `${rejects.length} reject(s) could not be written to ${rejects[0]?.topic}: Kafka did not acknowledge them (${kinds.join(', ')}).`,
    );
  }
}

/** Refuses a whole request: one sentence to the client, the request to collector-rejects. */
export async function refuse(
  intake: Intake,
  request: FastifyRequest,
  reply: FastifyReply,
  input: { status: number; kind: string; reason: string; body: string; source: StreamName },
): Promise<FastifyReply> {
  await recordRejects(intake, [rejectRecord(intake, request, input)]);
  return reply.code(input.status).send({ error: input.reason });
}

/** Kafka did not acknowledge: 503 with Retry-After (the page retries; the same ids make it harmless). */
export function unavailable(intake: Intake, reply: FastifyReply): FastifyReply {
  intake.metrics.failed.inc();
  return reply
    .code(503)
    .header('retry-after', String(RETRY_AFTER_S))
    .send({
      error: `Kafka did not acknowledge the events in time, so they are not accepted; send them again after ${RETRY_AFTER_S} s (their ids make a retry harmless).`,
    });
}

/** A POST body that passed the checks every route makes first, and how to refuse it from there on. */
export interface Admitted {
  readonly raw: string;
  readonly value: unknown;
  readonly refuseWith: (status: number, kind: string, reason: string) => Promise<FastifyReply>;
}

/**
 * The start of every POST route: the origin is allowed and the body is JSON. Otherwise the request is
 * refused (403 or 400, one sentence, a record in collector-rejects) and the reply is returned instead.
 */
export async function admit(
  intake: Intake,
  request: FastifyRequest,
  reply: FastifyReply,
  source: StreamName,
): Promise<Admitted | { readonly refused: FastifyReply }> {
  const raw = typeof request.body === 'string' ? request.body : '';
  const refuseWith = (status: number, kind: string, reason: string) =>
    refuse(intake, request, reply, { status, kind, reason, body: raw, source });
  const origin = sameOriginOrAllowed(request, intake.options.allowedOrigins);
  if (!origin.ok) return { refused: await refuseWith(403, 'origin_not_allowed', origin.problem) };
  const parsed = parseJsonBody(raw);
  if (!parsed.ok) return { refused: await refuseWith(400, 'malformed_json', parsed.problem) };
  return { raw, value: parsed.value, refuseWith };
}
