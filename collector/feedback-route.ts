import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { schemaViolations } from '../lib/schemas/event-schemas.js';
import { feedbackOf } from './build-events.js';
import { deliver, type Intake, refuse, unavailable } from './intake.js';
import { parseJsonBody, sameOriginOrAllowed } from './request-helpers.js';
import { checkFeedbackSubmission } from './request-schemas.js';

/** POST /v1/feedback: one rating from the feedback form; 200 once Kafka acknowledged it. */
export function registerFeedbackRoute(app: FastifyInstance, intake: Intake): void {
  app.post('/v1/feedback', async (request: FastifyRequest, reply: FastifyReply) => {
    const raw = typeof request.body === 'string' ? request.body : '';
    const refuseWith = (status: number, kind: string, reason: string) =>
      refuse(intake, request, reply, { status, kind, reason, body: raw, source: 'feedback' });
    const origin = sameOriginOrAllowed(request, intake.options.allowedOrigins);
    if (!origin.ok) return refuseWith(403, 'origin_not_allowed', origin.problem);
    const parsed = parseJsonBody(raw);
    if (!parsed.ok) return refuseWith(400, 'malformed_json', parsed.problem);
    const submission = checkFeedbackSubmission(parsed.value);
    if (!submission.ok) return refuseWith(400, 'invalid_feedback', `The feedback is not valid: ${submission.problem}.`);
    const feedback = feedbackOf(submission.value, intake.deps.now());
    const first = schemaViolations('feedback', feedback)[0];
    if (first)
      return refuseWith(
        400,
        'invalid_feedback',
        `The feedback is not valid: ${first.field.slice(1)} is ${JSON.stringify(first.value)?.slice(0, 80)}: it ${first.problem}.`,
      );
    if (!(await deliver(intake, [intake.records.build('feedback', feedback)]))) return unavailable(intake, reply);
    intake.metrics.accepted.inc({ stream: 'feedback' });
    return reply.code(200).send({ accepted: 1 });
  });
}
