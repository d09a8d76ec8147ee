import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { userAgentFacts } from '../lib/enrichment/user-agent.js';
import { type SchemaViolation, schemaViolations } from '../lib/schemas/event-schemas.js';
import type { OutgoingRecord } from '../producer/record-builder.js';
import { type RequestContext, userEventOf } from './build-events.js';
import { identify } from './identity.js';
import { admit, deliver, type Intake, recordRejects, rejectRecord, unavailable } from './intake.js';
import { setCookies } from './request-helpers.js';
import { checkEventBatch, violationSentence } from './request-schemas.js';

/**
 * POST /v1/events: a page's batch of clickstream events (JSON; `text/plain` too, as navigator.sendBeacon
 * sends it). 200 when Kafka acknowledged every event; 400/413 for bad input (one sentence; the request,
 * or each bad event, in collector-rejects; the good events of a batch are still sent); 503 when Kafka
 * does not acknowledge in time.
 */
export function registerEventsRoute(app: FastifyInstance, intake: Intake): void {
  app.post('/v1/events', async (request: FastifyRequest, reply: FastifyReply) => {
    const { options, deps, metrics } = intake;
    const admitted = await admit(intake, request, reply, 'clickstream');
    if ('refused' in admitted) return admitted.refused;
    const { refuseWith } = admitted;
    const events = (admitted.value as { events?: unknown } | null)?.events;
    if (Array.isArray(events) && events.length > options.maxEvents)
      return refuseWith(
        413,
        'too_many_events',
        `The batch has ${events.length} events; at most ${options.maxEvents} per request (COLLECTOR_MAX_EVENTS): send them in smaller batches.`,
      );
    const batch = checkEventBatch(admitted.value);
    if (!batch.ok) return refuseWith(400, 'invalid_batch', `The batch is not valid: ${batch.problem}.`);

    const receivedAt = deps.now();
    const userAgent = (request.headers['user-agent'] ?? '').slice(0, 500) || 'unknown';
    const agent = userAgentFacts(userAgent);
    const identity = identify({
      cookies: request.cookies,
      consent: batch.value.consent,
      mode: options.consent,
      newId: deps.newId,
    });
    const context: RequestContext = {
      receivedAt,
      idsOf: identity.idsOf,
      customerId: batch.value.customer_id ?? null,
      userAgent,
      agent,
      country: intake.countryOf(request),
    };
    setCookies(request, reply, identity.cookies);

    if (agent.is_bot && options.bots === 'drop') {
      metrics.bots.inc({ action: 'dropped' }, batch.value.events.length);
      return reply.code(200).send({ accepted: 0, dropped_as_bot: batch.value.events.length });
    }
    if (agent.is_bot) metrics.bots.inc({ action: 'flagged' }, batch.value.events.length);

    const records: OutgoingRecord[] = [];
    const rejects: OutgoingRecord[] = [];
    const problems: string[] = [];
    batch.value.events.forEach((event, index) => {
      const userEvent = userEventOf(event, context);
      const violations = schemaViolations('clickstream', userEvent);
      if (violations.length === 0) {
        records.push(intake.records.build('clickstream', userEvent));
        return;
      }
      const problem = violationSentence(violations[0] as SchemaViolation, { prefix: `events[${index}]` });
      problems.push(problem);
      rejects.push(
        rejectRecord(intake, request, {
          kind: 'invalid_event',
          reason: problem,
          status: 400,
          body: JSON.stringify(event),
          source: 'clickstream',
        }),
      );
    });
    if (records.length > 0 && !(await deliver(intake, records))) return unavailable(intake, reply);
    metrics.accepted.inc({ stream: 'clickstream' }, records.length);
    await recordRejects(intake, rejects);
    if (problems.length > 0)
      return reply.code(400).send({
        error: `${problems.length} of ${batch.value.events.length} event(s) are not valid and were not accepted: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}.`,
        accepted: records.length,
        rejected: problems.length,
      });
    return reply.code(200).send({ accepted: records.length });
  });
}
