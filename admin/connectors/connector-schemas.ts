import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { REPO_ROOT } from '../../lib/repo-root.js';

export const CONNECT_SCHEMAS_DIR = join(REPO_ROOT, 'schemas', 'connect');

export interface ConnectorClassSchema {
  readonly connectorClass: string;
  readonly file: string;
  readonly validate: ValidateFunction;
}

/** One JSON Schema per connector class (schemas/connect/*.schema.json), compiled once. */
export function loadConnectorSchemas(dir = CONNECT_SCHEMAS_DIR): Map<string, ConnectorClassSchema> {
  // Named settings may also match a pattern (value.converter.schemas.enable and value.converter.*): both apply.
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowMatchingProperties: true });
  ajv.addKeyword({ keyword: 'x-connector-class', schemaType: 'string' });
  const schemas = new Map<string, ConnectorClassSchema>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.schema.json'))) {
    const schema = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { 'x-connector-class': string };
    schemas.set(schema['x-connector-class'], {
      connectorClass: schema['x-connector-class'],
      file: join('schemas', 'connect', file),
      validate: ajv.compile(schema),
    });
  }
  return schemas;
}
