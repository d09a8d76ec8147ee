import { say } from '../../../lib/cli/run-cli.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { PipelineError } from '../../../lib/errors.js';
import { STREAMS } from '../../../lib/streams.js';
import { ingestGroupProblem } from '../../ingest/clickhouse-ingest.js';
import { assertIngestFilesValid } from '../../ingest/ingest-files.js';
import { loadConnectorDefinitions } from '../load-connectors.js';
import { type FileOptions, fileCommand } from './shared.js';

export const validateCommand = () =>
  fileCommand(
    'validate',
    'Check every connector file offline (no services): JSON, shape, name, class schema, secrets, placeholders.',
  ).action((options: FileOptions) => {
    const { files, connectors } = loadConnectorDefinitions(options.dir, options.warehouse, loadConfig());
    say(`${connectors.length} of ${files.length} connector file(s) valid.`);
    if (options.warehouse && options.warehouse !== 'clickhouse') return;
    const groupProblem = ingestGroupProblem(loadConfig().values.CLICKHOUSE_INGEST_GROUP);
    if (groupProblem) throw new PipelineError('CONFIG_INVALID', groupProblem);
    assertIngestFilesValid(options.ingestDir);
    say(`${STREAMS.length} ClickHouse ingest file(s) (sql/clickhouse/ingest) current with the schemas.`);
  });
