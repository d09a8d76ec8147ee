import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { userAgentFacts } from '../lib/enrichment/user-agent.js';
import { formatDecimal, parseDecimal } from '../lib/money.js';
import { schemaViolations } from '../lib/schemas/event-schemas.js';
import { utmOf } from './build-events.js';
import { salesLinesOf } from './build-order.js';
import { admit, deliver, type Intake, unavailable } from './intake.js';
import { checkOrder, violationSentence } from './request-schemas.js';
import { catalogueJson } from './shop-catalogue.js';

/**
 * The demo shop's server side: GET /v1/catalogue (the generator's products and prices) and
 * POST /v1/orders, which writes the order's sales lines to sales_events (prices from the catalogue),
 * answering 200 once Kafka acknowledged every line. The page then signals the clickstream's purchase
 * with the same order id.
 */
export function registerOrdersRoutes(app: FastifyInstance, intake: Intake): void {
  app.get('/v1/catalogue', async () => catalogueJson());

  app.post('/v1/orders', async (request: FastifyRequest, reply: FastifyReply) => {
    const { options } = intake;
    const admitted = await admit(intake, request, reply, 'sales');
    if ('refused' in admitted) return admitted.refused;
    const { refuseWith } = admitted;
    const order = checkOrder(admitted.value);
    if (!order.ok) return refuseWith(400, 'invalid_order', `The order is not valid: ${order.problem}.`);
    const referer = request.headers.referer;
    const lines = salesLinesOf(order.value, {
      receivedAt: intake.deps.now(),
      country: intake.countryOf(request),
      device: userAgentFacts(request.headers['user-agent'] ?? '').device_family,
      currency: options.currency,
      utmSource: typeof referer === 'string' ? utmOf(referer).utm_source : null,
    });
    if ('problem' in lines) return refuseWith(400, 'invalid_order', `The order is not valid: ${lines.problem}.`);
    const bad = lines.map((line) => schemaViolations('sales', line)[0]).find((violation) => violation !== undefined);
    if (bad) return refuseWith(400, 'invalid_order', `The order is not valid: ${violationSentence(bad)}.`);
    if (
      !(await deliver(
        intake,
        lines.map((line) => intake.records.build('sales', line)),
      ))
    )
      return unavailable(intake, reply);
    intake.metrics.accepted.inc({ stream: 'sales' }, lines.length);
    const totalCents = lines.reduce((sum, line) => sum + parseDecimal(line.line_total), 0n);
    return reply
      .code(200)
      .send({ order_id: order.value.order_id, lines: lines.length, total: formatDecimal(totalCents), currency: options.currency });
  });
}
