import { PipelineError } from '../../lib/errors.js';
import { renderPlaceholders } from './connector-placeholders.js';
import { CONNECTOR_NAME, type ConnectorDefinition } from './validate-connector-files.js';

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

/**
 * Fills `{{NAME}}` placeholders from the configuration (Connect `${provider:…}` references stay as they
 * are) and names each connector `<CONNECTOR_PREFIX>-<warehouse>-<stream>`, so several pipelines (or
 * tests and benchmarks) share one Connect cluster without touching each other's connectors.
 */
export function renderConnectors(
  connectors: readonly ConnectorDefinition[],
  values: Readonly<Record<string, string | undefined>>,
): RenderedConnector[] {
  const missing: string[] = [];
  const rendered = connectors.map((connector) => ({
    name: deployedName(connector.name, values.CONNECTOR_PREFIX),
    path: connector.path,
    config: Object.fromEntries(Object.entries(connector.config).map(([key, value]) => [key, renderPlaceholders(value, values, missing)])),
  }));
  if (missing.length > 0) {
    throw new PipelineError(
      'CONFIG_INVALID',
      `No value for ${[...new Set(missing)].join(', ')}: set it in the environment or .env (see the README's configuration table).`,
    );
  }
  return rendered;
}
