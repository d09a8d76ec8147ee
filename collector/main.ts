import { Command, Option } from 'commander';
import { runCli, say } from '../lib/cli/run-cli.js';
import { untilStopSignal } from '../lib/cli/until-stop-signal.js';
import { numberOption } from '../lib/cli/value-parsers.js';
import { loadConfig } from '../lib/config/load-config.js';
import { PipelineError } from '../lib/errors.js';
import { startCollector } from './start-collector.js';

/** `npm run collector` (and `npm run shop`): the HTTP collector and its demo shop, until SIGTERM or SIGINT (then it drains and exits 0). */
const program = new Command('collector')
  .description(
    'Accept events, feedback and demo-shop orders from web pages over HTTP and write them to Kafka; serves the tag and the demo shop (see the README, "The collector").',
  )
  .addOption(new Option('--port <n>', 'port (COLLECTOR_PORT)').argParser(numberOption('--port', { integer: true })))
  .addOption(new Option('--host <address>', 'address to listen on (COLLECTOR_HOST)'))
  .addHelpText(
    'after',
    `
Runs until Ctrl-C (or SIGTERM): then it answers the requests in flight and exits 0.
Exit codes: 0 stopped, 1 Kafka unreachable, 2 bad options or the port is taken.

Examples:
  npm run shop
  npm run collector -- --port 8091
  COLLECTOR_CONSENT=implied npm run collector`,
  )
  .action(async (raw: { port?: number; host?: string }) => {
    const config = loadConfig();
    if (raw.port !== undefined && (raw.port < 1 || raw.port > 65_535))
      throw new PipelineError('USAGE', `--port ${raw.port} is not a port; give one from 1 to 65535.`);
    const collector = await startCollector(
      config,
      { port: raw.port ?? config.values.COLLECTOR_PORT, host: raw.host ?? config.values.COLLECTOR_HOST },
      (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
    );
    say(
      `Collector listening on ${collector.url} (events: POST /v1/events, feedback: POST /v1/feedback, orders: POST /v1/orders, /health, /metrics).`,
    );
    say(`Demo shop: ${collector.shopUrl} (every click there becomes a row in the warehouse). Ctrl-C stops it.`);
    const signal = await untilStopSignal();
    say(`${signal}: no new requests; finishing those in flight…`);
    await collector.close();
    say('Collector stopped: every request in flight was answered.');
  });

await runCli(program);
