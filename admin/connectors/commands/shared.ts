import { Command, Option } from 'commander';
import { loadConfig } from '../../../lib/config/load-config.js';
import type { ResolvedConfig } from '../../../lib/config/resolve-config.js';
import type { Dialect } from '../../../lib/warehouses.js';
import { warehouseOption } from '../../cli-options.js';
import { ConnectClient } from '../../connect/connect-client.js';
import { INGEST_DIR } from '../../ingest/ingest-files.js';
import { loadConnectorDefinitions } from '../load-connectors.js';
import { CONNECTORS_DIR } from '../read-connector-files.js';
import { renderConnectors } from '../render-connectors.js';

/** Options every file-reading verb takes. */
export interface FileOptions {
  readonly warehouse?: Dialect;
  readonly dir: string;
  /** The ClickHouse Kafka-engine ingest files (CLICKHOUSE_INGEST=kafka-engine). */
  readonly ingestDir: string;
}

const dirOption = () => new Option('--dir <path>', 'connectors directory').default(CONNECTORS_DIR, 'connectors/');
const ingestDirOption = () =>
  new Option('--ingest-dir <path>', "ClickHouse's Kafka-engine ingest files").default(INGEST_DIR, 'sql/clickhouse/ingest/');

/** A verb that reads the connector files: `--warehouse`, `--dir` and `--ingest-dir`. */
export const fileCommand = (name: string, description: string) =>
  new Command(name).description(description).addOption(warehouseOption()).addOption(dirOption()).addOption(ingestDirOption());

/** The Connect client for CONNECT_URL. */
export const connectClient = (config: ResolvedConfig = loadConfig(), onWrite?: (method: string, path: string) => void) =>
  new ConnectClient(config.values.CONNECT_URL, { onWrite });

/** Files of one warehouse (the --warehouse option or WAREHOUSE), validated and rendered, plus the Connect client and prune scope. */
export function prepareConnectors(options: FileOptions) {
  const config = loadConfig();
  const warehouse = options.warehouse ?? config.values.WAREHOUSE;
  const { prefix, connectors } = loadConnectorDefinitions(options.dir, warehouse, config);
  return {
    warehouse,
    config,
    rendered: renderConnectors(connectors, config.text),
    client: connectClient(config),
    scope: `${prefix}-${warehouse}-`,
  };
}
