import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { createCollectorMetrics } from './collector-metrics.js';
import type { CollectorOptions } from './collector-options.js';
import { registerEventsRoute } from './events-route.js';
import { registerFeedbackRoute } from './feedback-route.js';
import { type CollectorDeps, createIntake, refuse } from './intake.js';
import { registerOrdersRoutes } from './orders-route.js';
import { registerShopPages } from './shop-pages.js';

/**
 * The collector's HTTP server (Fastify): the routes, the static pages, CORS, cookies, limits and the
 * error answers. No Kafka or clock of its own: `deps` brings them, so tests and the CLI wire it alike.
 */
export async function buildCollector(options: CollectorOptions, deps: CollectorDeps): Promise<FastifyInstance> {
  const metrics = createCollectorMetrics();
  const intake = createIntake(options, deps, metrics);
  const app = Fastify({
    bodyLimit: options.maxBodyBytes,
    trustProxy: options.trustedProxies.length > 0 ? [...options.trustedProxies] : false,
    logger: false,
  });
  // Bodies arrive as text and are parsed by the routes, so a malformed one gets its own answer and dead letter.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string' }, (_request, body, done) => done(null, body));

  // Once closing, answers end their connection: a keep-alive connection that goes idle after close()
  // began would otherwise hold the shutdown for the keep-alive timeout (72 s).
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });

  await app.register(fastifyCookie);
  await app.register(fastifyCors, {
    origin: options.allowedOrigins.length > 0 ? [...options.allowedOrigins] : false,
    credentials: true,
    methods: ['POST'],
  });
  await app.register(fastifyRateLimit, {
    max: options.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => request.ip,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: `Too many requests from this address: at most ${context.max} a minute (COLLECTOR_RATE_LIMIT); try again in ${Math.ceil(context.ttl / 1000)} s.`,
    }),
  });
  await app.register(fastifyStatic, { root: options.publicDir, prefix: '/' });

  app.get('/health', { config: { rateLimit: false } }, async () => ({ status: 'ok', kafka: intake.kafkaOk ? 'ok' : 'unavailable' }));
  app.get('/metrics', { config: { rateLimit: false } }, async (_request, reply) =>
    reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
  registerEventsRoute(app, intake);
  registerFeedbackRoute(app, intake);
  registerOrdersRoutes(app, intake);
  registerShopPages(app);

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const source = request.url.startsWith('/v1/feedback') ? 'feedback' : request.url.startsWith('/v1/orders') ? 'sales' : 'clickstream';
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const reason = `The body is larger than ${options.maxBodyBytes} bytes (COLLECTOR_MAX_BODY_BYTES): send smaller batches.`;
      return refuse(intake, request, reply, { kind: 'too_large', reason, status: 413, body: '', source });
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      const reason = `Content-Type ${request.headers['content-type'] ?? '(none)'} is not accepted: send application/json or text/plain (navigator.sendBeacon).`;
      return refuse(intake, request, reply, { kind: 'media_type', reason, status: 415, body: '', source });
    }
    if (error.statusCode === 429) return reply.code(429).send({ error: (error as { error?: string }).error ?? error.message });
    if (error.statusCode && error.statusCode < 500) return reply.code(error.statusCode).send({ error: error.message });
    deps.log(`unexpected failure on ${request.method} ${request.url}: ${error.message} (this is a bug)\n${error.stack ?? ''}`);
    return reply.code(500).send({ error: 'Unexpected failure in the collector; this is a bug: report it with the time of the request.' });
  });
  return app;
}
