import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VARIABLES } from '../config/variables.js';
import { REPO_ROOT } from '../repo-root.js';
import { renderComposeEnvExample, renderConfigTable, renderEnvExample, replaceConfigTable } from './config-docs.js';

/** `npm run docs:config`: rewrites `.env.example`, `compose/.env.example` and the README's configuration table from the registry. */
const readmePath = join(REPO_ROOT, 'README.md');
writeFileSync(join(REPO_ROOT, '.env.example'), renderEnvExample(VARIABLES));
writeFileSync(join(REPO_ROOT, 'compose', '.env.example'), renderComposeEnvExample(VARIABLES));
writeFileSync(readmePath, replaceConfigTable(readFileSync(readmePath, 'utf8'), renderConfigTable(VARIABLES)));
process.stdout.write('Wrote .env.example, compose/.env.example and the README configuration table.\n');
