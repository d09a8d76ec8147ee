import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { schemaViolations } from '../lib/schemas/event-schemas.js';
import { feedbackOf } from './build-events.js';
import { admit, deliver, type Intake, unavailable } from './intake.js';
import { checkFeedbackSubmission, violationSentence } from './request-schemas.js';

/** POST /v1/feedback: one rating from the feedback form; 200 once Kafka acknowledged it. */
export function registerFeedbackRoute(app: FastifyInstance, intake: Intake): void {
  app.post('/v1/feedback', async (request: FastifyRequest, reply: FastifyReply) => {
    const admitted = await admit(intake, request, reply, 'feedback');
    if ('refused' in admitted) return admitted.refused;
    const { refuseWith } = admitted;
    const submission = checkFeedbackSubmission(admitted.value);
    if (!submission.ok) return refuseWith(400, 'invalid_feedback', `The feedback is not valid: ${submission.problem}.`);
    const feedback = feedbackOf(submission.value, intake.deps.now());
    const first = schemaViolations('feedback', feedback)[0];
    if (first) return refuseWith(400, 'invalid_feedback', `The feedback is not valid: ${violationSentence(first, { maxValueChars: 80 })}.`);
    if (!(await deliver(intake, [intake.records.build('feedback', feedback)]))) return unavailable(intake, reply);
    intake.metrics.accepted.inc({ stream: 'feedback' });
    return reply.code(200).send({ accepted: 1 });
  });
}
