import { Command } from 'commander';
import { say } from '../../../lib/cli/run-cli.js';
import { PipelineError } from '../../../lib/errors.js';
import { describeOffsets, resetOffsets } from '../sink-offsets.js';
import { connectClient } from './shared.js';

/** Asks on the terminal; without one, --yes is required. */
async function confirmed(question: string, refusal: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new PipelineError('USAGE', refusal);
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`${question} [y/N] `);
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

export const offsetsCommand = () =>
  new Command('offsets')
    .description("Show a sink's committed offsets; --reset stops it, deletes them and resumes it (a backfill from the start).")
    .argument('<name>', 'connector name')
    .option('--reset', 'stop, delete the offsets, resume', false)
    .option('--yes', 'do not ask for confirmation', false)
    .option('--json', 'print JSON', false)
    .action(async (name: string, options: { reset: boolean; yes: boolean; json: boolean }) => {
      const client = connectClient();
      const current = await client.offsets(name);
      if (!options.reset) {
        if (options.json) say(JSON.stringify(current, null, 2));
        else for (const line of describeOffsets(name, current)) say(line);
        return;
      }
      const go =
        options.yes ||
        (await confirmed(
          `Reset ${name}'s offsets and re-read its topics from the start?`,
          `Resetting ${name}'s offsets re-reads its topics from the start; pass --yes to confirm (no terminal to ask on).`,
        ));
      if (!go) {
        say('Nothing changed.');
        return;
      }
      await resetOffsets(client, name);
      say(
        `Reset ${name}: offsets deleted (${current.offsets.length} partition(s) had offsets); the sink re-reads its topics from the start.`,
      );
    });
