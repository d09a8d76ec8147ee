import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../repo-root.js';

export const STREAMS = ['sales', 'clickstream', 'feedback'] as const;
export type StreamName = (typeof STREAMS)[number];

export const SCHEMAS_DIR = join(REPO_ROOT, 'schemas');

export const SCHEMA_FILES: Readonly<Record<StreamName, string>> = {
  sales: 'sales_event.schema.json',
  clickstream: 'user_event.schema.json',
  feedback: 'feedback.schema.json',
};

/** The raw JSON Schema document of a stream, as stored in `schemas/`. */
export function readSchemaFile(stream: StreamName): Record<string, unknown> {
  return JSON.parse(readFileSync(join(SCHEMAS_DIR, SCHEMA_FILES[stream]), 'utf8')) as Record<string, unknown>;
}
