import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderEventTypes } from './render-event-types.js';
import { SCHEMAS_DIR } from './schema-files.js';

/** `npm run schemas:types`: regenerates schemas/generated/event-types.ts from the JSON Schemas. */
const target = join(SCHEMAS_DIR, 'generated', 'event-types.ts');
writeFileSync(target, await renderEventTypes());
process.stdout.write(`Wrote ${target}\n`);
