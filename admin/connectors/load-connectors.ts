import type { ResolvedConfig } from '../../lib/config/resolve-config.js';
import { VARIABLES } from '../../lib/config/variables.js';
import { PipelineError } from '../../lib/errors.js';
import type { Dialect } from '../../lib/warehouses.js';
import { formatFileProblem } from '../file-problem.js';
import { loadConnectorSchemas } from './connector-schemas.js';
import { pipelineFacts } from './pipeline-facts.js';
import { pipelineProblems } from './pipeline-rules.js';
import { connectorDirProblems, readConnectorFiles } from './read-connector-files.js';
import { type RenderedConnector, renderConnectors } from './render-connectors.js';
import { validateConnectorFiles } from './validate-connector-files.js';

/** Reads and validates the connector files offline (of one warehouse, or all); throws with every problem listed. */
export function loadConnectorDefinitions(dir: string, warehouse: Dialect | undefined, config: ResolvedConfig) {
  const prefix = config.values.CONNECTOR_PREFIX;
  const files = readConnectorFiles(dir, warehouse);
  const checked = validateConnectorFiles(files, loadConnectorSchemas(), VARIABLES);
  const problems = [
    ...connectorDirProblems(dir, warehouse),
    ...checked.problems,
    ...pipelineProblems(checked.connectors, pipelineFacts(config)),
  ];
  const connectors = checked.connectors;
  if (problems.length > 0) {
    throw new PipelineError(
      'CONNECTOR_FILE_INVALID',
      `${problems.length} problem(s) in the connector files:\n${problems.map(formatFileProblem).join('\n')}`,
    );
  }
  return { prefix, files, connectors };
}

/** One warehouse's connectors, validated and rendered with the configuration's values. */
export function renderedConnectorsFor(dir: string, warehouse: Dialect, config: ResolvedConfig): RenderedConnector[] {
  return renderConnectors(loadConnectorDefinitions(dir, warehouse, config).connectors, config.text);
}
