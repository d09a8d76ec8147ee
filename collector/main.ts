import { randomBytes } from 'node:crypto';
import { Command, Option } from 'commander';
import { runCli, say } from '../lib/cli/run-cli.js';
import { numberOption } from '../lib/cli/value-parsers.js';
import { loadConfig } from '../lib/config/load-config.js';
import { describeCause, PipelineError } from '../lib/errors.js';
import { ensureTopics } from '../lib/kafka/ensure-topics.js';
import { connectedKafka } from '../lib/kafka/kafka-client.js';
import { AckedSender } from './acked-sender.js';
import { collectorOptionsOf, collectorTopicPlan } from './collector-options.js';
import { buildCollector } from './server.js';

/** `npm run collector`: the HTTP collector, until SIGTERM or SIGINT (then it drains and exits 0). */
const program = new Command('collector')
  .description('Accept events and feedback from web pages over HTTP and write them to Kafka (see the README, "The collector").')
  .addOption(new Option('--port <n>', 'port (COLLECTOR_PORT)').argParser(numberOption('--port', { integer: true })))
  .addOption(new Option('--host <address>', 'address to listen on (COLLECTOR_HOST)'))
  .action(async (raw: { port?: number; host?: string }) => {
    const config = loadConfig();
    const options = collectorOptionsOf(config);
    if (raw.port !== undefined && (raw.port < 1 || raw.port > 65_535))
      throw new PipelineError('USAGE', `--port ${raw.port} is not a port; give one from 1 to 65535.`);
    const kafka = await connectedKafka(config, { clientId: 'collector' });
    await ensureTopics(kafka, collectorTopicPlan(options, config.values.DLQ_REPLICATION_FACTOR));
    const sender = await AckedSender.connect(kafka);
    const app = await buildCollector(options, {
      send: (records) => sender.send(records),
      now: () => new Date(),
      newId: () => randomBytes(12).toString('hex'),
      log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
    });
    const port = raw.port ?? config.values.COLLECTOR_PORT;
    const host = raw.host ?? config.values.COLLECTOR_HOST;
    try {
      await app.listen({ port, host });
    } catch (error) {
      await sender.close();
      throw new PipelineError(
        'USAGE',
        `The collector cannot listen on ${host}:${port} (${describeCause(error)}): choose another --port or COLLECTOR_PORT, or stop what holds it.`,
        { cause: error },
      );
    }
    say(
      `Collector listening on http://${host}:${port} (events: POST /v1/events, feedback: POST /v1/feedback, orders: POST /v1/orders, /health, /metrics).`,
    );
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        say(`${signal}: no new requests; finishing those in flight…`);
        resolve();
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
    await app.close();
    await sender.close();
    say('Collector stopped: every request in flight was answered.');
  });

await runCli(program);
