import { readFileSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { parseDocument } from 'yaml';
import { EXIT, say } from '../../../lib/cli/run-cli.js';
import { readVersions } from '../../../stack/versions.js';
import { applyComposeVersions } from '../compose-versions.js';
import { COMPOSE_FILE } from '../docker-compose-command.js';

export const versionsCommand = () =>
  new Command('versions')
    .description('Write stack/versions.json into compose/docker-compose.yml (images and build arguments); --check only reports.')
    .option('--check', 'exit 3 when the compose file differs from stack/versions.json, changing nothing', false)
    .action((options: { check: boolean }) => {
      const doc = parseDocument(readFileSync(COMPOSE_FILE, 'utf8'));
      const mismatches = applyComposeVersions(doc, readVersions());
      for (const m of mismatches) say(`${m.path}: ${m.found ?? '(missing)'} → ${m.expected}`);
      if (mismatches.length === 0) {
        say('compose/docker-compose.yml agrees with stack/versions.json.');
        return;
      }
      if (options.check) {
        say('Run npm run compose:versions to write them.');
        process.exitCode = EXIT.PENDING;
        return;
      }
      writeFileSync(COMPOSE_FILE, doc.toString({ lineWidth: 0 }));
      say(`Wrote ${mismatches.length} value(s) into compose/docker-compose.yml.`);
    });
