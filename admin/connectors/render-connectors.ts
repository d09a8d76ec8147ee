import { PipelineError } from '../../lib/errors.js';
import { renderPlaceholders } from './connector-placeholders.js';
import type { ConnectorDefinition } from './validate-connector-files.js';

export interface RenderedConnector {
  readonly name: string;
  readonly path: string;
  readonly config: Record<string, string>;
}

/** Fills `{{NAME}}` placeholders from the configuration; Connect `${provider:…}` references stay as they are. */
export function renderConnectors(
  connectors: readonly ConnectorDefinition[],
  values: Readonly<Record<string, string | undefined>>,
): RenderedConnector[] {
  const missing: string[] = [];
  const rendered = connectors.map((connector) => ({
    name: connector.name,
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
