import { basename, dirname } from 'node:path';
import type { ErrorObject } from 'ajv';
import type { VariableSpec } from '../../lib/config/variables.js';
import { DIALECTS, type Dialect } from '../../lib/warehouses.js';
import type { FileProblem } from '../file-problem.js';
import { isSecretKey, PROVIDER_REFERENCE, placeholderProblem, placeholdersIn } from './connector-placeholders.js';
import type { ConnectorClassSchema } from './connector-schemas.js';
import { VALUE_SCHEMA_PLACEHOLDER } from './value-schema.js';

export interface ConnectorFileText {
  /** Path shown in messages, e.g. connectors/postgres/ecom-postgres-sales.json. */
  readonly path: string;
  readonly text: string;
}

export interface ConnectorDefinition {
  readonly path: string;
  readonly warehouse: Dialect;
  readonly name: string;
  readonly config: Readonly<Record<string, string>>;
}

const escapePointer = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

function schemaProblem(error: ErrorObject, connectorClass: string): { pointer: string; problem: string } {
  const base = `/config${error.instancePath}`;
  switch (error.keyword) {
    case 'required':
      return { pointer: `/config/${escapePointer(String(error.params.missingProperty))}`, problem: `is required by ${connectorClass}` };
    case 'additionalProperty':
    case 'additionalProperties':
      return {
        pointer: `/config/${escapePointer(String(error.params.additionalProperty))}`,
        problem: `is not a setting of ${connectorClass} (a typo?)`,
      };
    case 'enum':
      return { pointer: base, problem: `is not allowed; valid: ${(error.params.allowedValues as string[]).join(', ')}` };
    case 'const':
      return { pointer: base, problem: `must be ${JSON.stringify(error.params.allowedValue)}` };
    case 'type':
      return { pointer: base, problem: `must be a ${error.params.type} (Connect configs are strings: write "1", not 1)` };
    default:
      return { pointer: base, problem: error.message ?? error.keyword };
  }
}

/** `<prefix>-<warehouse>-<stream>`: the prefix a file is written with; it is deployed under CONNECTOR_PREFIX's. */
export const CONNECTOR_NAME = /^([a-z0-9]+)-(mssql|clickhouse|postgres)-([a-z0-9][a-z0-9-]*)$/;

/**
 * Offline checks of connector files: each parses, has the Connect REST shape, a name equal to its
 * file name of the form `<prefix>-<warehouse>-<stream>` (the folder's warehouse), passes its class's
 * JSON Schema, keeps secrets as config-provider references, and uses only registered, non-secret
 * placeholders. Pure: no I/O.
 */
export function validateConnectorFiles(
  files: readonly ConnectorFileText[],
  schemas: ReadonlyMap<string, ConnectorClassSchema>,
  registry: readonly VariableSpec[],
): { connectors: ConnectorDefinition[]; problems: FileProblem[] } {
  const problems: FileProblem[] = [];
  const connectors: ConnectorDefinition[] = [];
  for (const file of files) {
    const add = (pointer: string, problem: string) => problems.push({ file: file.path, pointer, problem });
    const before = problems.length;
    let parsed: unknown;
    try {
      parsed = JSON.parse(file.text);
    } catch (error) {
      add('', `is not valid JSON (${(error as Error).message})`);
      continue;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      add('', 'must be an object {"name": …, "config": {…}} (the Connect REST shape)');
      continue;
    }
    const { name, config, ...extra } = parsed as { name?: unknown; config?: unknown };
    for (const key of Object.keys(extra)) add(`/${escapePointer(key)}`, 'is not allowed; a connector file holds only "name" and "config"');
    const warehouse = basename(dirname(file.path));
    if (!(DIALECTS as readonly string[]).includes(warehouse)) add('', `lies in "${warehouse}/"; valid folders: ${DIALECTS.join(', ')}`);
    const expectedName = basename(file.path).replace(/\.json$/, '');
    if (typeof name !== 'string') add('/name', 'is required and must be a string');
    else {
      if (name !== expectedName) add('/name', `"${name}" does not match the file name; valid: "${expectedName}"`);
      const parts = CONNECTOR_NAME.exec(name);
      if (!parts || parts[2] !== warehouse)
        add(
          '/name',
          `"${name}" is not <prefix>-${warehouse}-<stream> (lower-case letters, digits and dashes, e.g. ecom-${warehouse}-sales)`,
        );
    }
    if (typeof config !== 'object' || config === null || Array.isArray(config)) {
      add('/config', 'is required and must be an object of settings');
      continue;
    }
    const settings = config as Record<string, unknown>;
    const connectorClass = settings['connector.class'];
    const schema = typeof connectorClass === 'string' ? schemas.get(connectorClass) : undefined;
    if (!schema) {
      add(
        '/config/connector.class',
        `${JSON.stringify(connectorClass)} is not a known connector class; valid: ${[...schemas.keys()].join(', ')}`,
      );
    } else if (!schema.validate(settings)) {
      for (const error of schema.validate.errors ?? []) {
        const { pointer, problem } = schemaProblem(error, schema.connectorClass);
        add(pointer, problem);
      }
    }
    for (const [key, value] of Object.entries(settings)) {
      if (typeof value !== 'string') continue;
      const pointer = `/config/${escapePointer(key)}`;
      if (isSecretKey(key) && !PROVIDER_REFERENCE.test(value) && placeholdersIn(value).length === 0) {
        add(pointer, 'holds a literal secret; write a config-provider reference such as ${env:PG_SINK_PASSWORD} instead');
      }
      for (const placeholder of placeholdersIn(value)) {
        if (placeholder === VALUE_SCHEMA_PLACEHOLDER) continue; // derived from topics when rendered
        const problem = placeholderProblem(placeholder, registry);
        if (problem) add(pointer, problem);
      }
    }
    if (problems.length === before && typeof name === 'string') {
      connectors.push({ path: file.path, warehouse: warehouse as Dialect, name, config: settings as Record<string, string> });
    }
  }
  return { connectors, problems };
}
