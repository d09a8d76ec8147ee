import { Command, Option } from 'commander';
import { EXIT, runCli, say } from '../lib/cli/run-cli.js';
import { renderTable } from '../lib/cli/table.js';
import { positiveInteger } from '../lib/cli/value-parsers.js';
import { loadConfig } from '../lib/config/load-config.js';
import type { Dialect } from '../lib/warehouses.js';
import { warehouseOption } from './cli-options.js';
import { checkPipeline, type PipelineCheck } from './pipeline/check-pipeline.js';
import { loadReportToCheck } from './pipeline/producer-report.js';

function listFirst(label: string, items: readonly string[], limit: number): void {
  if (items.length === 0) return;
  const more = items.length > limit ? ` … (+${items.length - limit})` : '';
  say(`${label}: ${items.slice(0, limit).join(', ')}${more}`);
}

function printCheck(check: PipelineCheck, limit: number): void {
  const table = renderTable(
    ['topic → table', 'keys in topic', 'landed', 'dead-lettered', 'missing', 'extra', 'unreadable (dead-lettered)'],
    check.streams.map((r) => [
      `${r.topic} → ${r.table}`,
      r.topicKeys,
      r.landed,
      r.deadLettered.length,
      r.missing.length,
      r.extra.length,
      `${r.unreadable.length} (${r.unreadable.filter((u) => u.deadLettered).length})`,
    ]),
  );
  say(`${check.warehouse}\n${table}`);
  for (const r of check.streams) {
    listFirst(`${r.topic} missing`, r.missing, limit);
    listFirst(`${r.topic} extra`, r.extra, limit);
    listFirst(
      `${r.topic} dead-lettered`,
      r.deadLettered.map((d) => `${d.key} (${d.error})`),
      limit,
    );
  }
  if (check.against) {
    const against = renderTable(
      ['topic', 'produced', 'acknowledged', 'acked, not in topic', 'failed, in topic', 'in doubt: in topic / not', 'malformed sent'],
      check.against.map((c) => [
        c.topic,
        c.produced,
        c.acknowledged,
        c.acknowledgedNotInTopic.length,
        c.failedInTopic.length,
        `${c.inDoubtInTopic.length} / ${c.inDoubtNotInTopic.length}`,
        c.invalidSent,
      ]),
    );
    say(`Against the producer report:\n${against}`);
    for (const c of check.against) {
      listFirst(`${c.topic} acknowledged but not in the topic`, c.acknowledgedNotInTopic, limit);
      listFirst(`${c.topic} booked as failed but in the topic`, c.failedInTopic, limit);
      listFirst(`${c.topic} in doubt, reached the topic`, c.inDoubtInTopic, limit);
      listFirst(`${c.topic} in doubt, not in the topic`, c.inDoubtNotInTopic, limit);
    }
  }
  say(
    check.ok
      ? `Nothing missing, nothing extra${check.against ? ', and the producer report agrees' : ''}.`
      : `Some keys are missing or extra${check.against ? ', or the producer report disagrees' : ''} (see above).`,
  );
}

const program = new Command('pipeline').description('Checks on the whole pipeline.');

program
  .command('check')
  .description(
    'Reconcile each topic with its table: distinct idempotency keys landed, dead-lettered (with the error) or missing, and keys only in the table. Exit 0 only when nothing is missing or extra.',
  )
  .addOption(warehouseOption())
  .addOption(new Option('-n, --limit <count>', 'how many keys of each kind to list').default(10).argParser(positiveInteger('--limit')))
  .option(
    '--against <file>',
    'also compare with a producer --report: every acknowledged record is in its topic, no failed one is, and where the in-doubt ones went',
  )
  .option('--json', 'print JSON (every key)', false)
  .addHelpText(
    'after',
    `
Exit codes: 0 nothing missing or extra (and the report agrees), 1 something is, 2 bad options or report file.

Examples:
  npm run pipeline:check
  npm run pipeline:check -- --json
  npm run produce -- --count 5000 --report run.json && npm run pipeline:check -- --against run.json`,
  )
  .action(async (options: { warehouse?: Dialect; limit: number; json: boolean; against?: string }) => {
    const config = loadConfig();
    const dialect = options.warehouse ?? config.values.WAREHOUSE;
    const report = options.against ? await loadReportToCheck(options.against) : undefined;
    const check = await checkPipeline(config, dialect, report);
    if (options.json) say(JSON.stringify(check, null, 2));
    else printCheck(check, options.limit);
    process.exitCode = check.ok ? EXIT.OK : EXIT.FAILED;
  });

await runCli(program);
