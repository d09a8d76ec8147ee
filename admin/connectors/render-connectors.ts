import { PipelineError } from '../../lib/errors.js';
import { eventTopics } from '../../lib/streams.js';
import { placeholdersIn, renderPlaceholders } from './connector-placeholders.js';
import { CONNECTOR_NAME, type ConnectorDefinition } from './validate-connector-files.js';
import { VALUE_SCHEMA_PLACEHOLDER, valueSchemaOf } from './value-schema.js';

export interface RenderedConnector {
  readonly name: string;
  readonly path: string;
  readonly config: Record<string, string>;
}

/** `ecom-postgres-sales` deployed under prefix `test` is `test-postgres-sales`. */
export function deployedName(fileName: string, prefix: string | undefined): string {
  const parts = CONNECTOR_NAME.exec(fileName);
  return parts && prefix ? `${prefix}-${parts[2]}-${parts[3]}` : fileName;
}

/** The connector's `{{VALUE_SCHEMA}}`, when it has one: its `topics` must then be one event topic. */
function valueSchemaFor(connector: ConnectorDefinition, values: Readonly<Record<string, string | undefined>>): string | undefined {
  if (!Object.values(connector.config).some((value) => placeholdersIn(value).includes(VALUE_SCHEMA_PLACEHOLDER))) return undefined;
  const suffix = values.TOPIC_SUFFIX ?? '';
  const unset: string[] = [];
  const topics = renderPlaceholders(connector.config.topics ?? '', values, unset);
  if (unset.length > 0) return ''; // renderConnectors names the missing values
  const schema = valueSchemaOf(topics, suffix);
  if (schema !== undefined) return schema;
  throw new PipelineError(
    'CONFIG_INVALID',
    `${connector.path}: {{${VALUE_SCHEMA_PLACEHOLDER}}} needs "topics" to be one event topic (${eventTopics(suffix).join(', ')}), not "${topics}".`,
  );
}

/**
 * Fills `{{NAME}}` placeholders from the configuration (Connect `${provider:…}` references stay as they
 * are) and names each connector `<CONNECTOR_PREFIX>-<warehouse>-<stream>`, so several pipelines (or
 * tests and benchmarks) share one Connect cluster without touching each other's connectors.
 * `{{VALUE_SCHEMA}}` is not configured but derived: the Connect schema of the stream in `topics`.
 */
export function renderConnectors(
  connectors: readonly ConnectorDefinition[],
  values: Readonly<Record<string, string | undefined>>,
): RenderedConnector[] {
  const missing: string[] = [];
  const rendered = connectors.map((connector) => {
    const own = { ...values, [VALUE_SCHEMA_PLACEHOLDER]: valueSchemaFor(connector, values) };
    return {
      name: deployedName(connector.name, values.CONNECTOR_PREFIX),
      path: connector.path,
      config: Object.fromEntries(Object.entries(connector.config).map(([key, value]) => [key, renderPlaceholders(value, own, missing)])),
    };
  });
  if (missing.length > 0) {
    throw new PipelineError(
      'CONFIG_INVALID',
      `No value for ${[...new Set(missing)].join(', ')}: set it in the environment or .env (see the README's configuration table).`,
    );
  }
  return rendered;
}
