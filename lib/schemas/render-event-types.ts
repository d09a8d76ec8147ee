import { compile } from 'json-schema-to-typescript';
import { readSchemaFile, STREAMS } from './schema-files.js';

const BANNER = '/* Generated from schemas/*.schema.json by `npm run schemas:types`. Do not edit: change the schema and regenerate. */';

/** TypeScript interfaces for every event schema, derived (never hand-copied) from the JSON Schemas. */
export async function renderEventTypes(): Promise<string> {
  const parts: string[] = [BANNER];
  for (const stream of STREAMS) {
    const schema = readSchemaFile(stream);
    parts.push(
      await compile(schema as never, String(schema.title), {
        bannerComment: '',
        additionalProperties: false,
        format: false,
        strictIndexSignatures: true,
      }),
    );
  }
  return `${parts.map((part) => part.trim()).join('\n\n')}\n`;
}
