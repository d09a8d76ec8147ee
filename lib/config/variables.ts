import { PRODUCER_CLIENTS } from '../kafka/producer-clients.js';
import { DIALECTS } from '../warehouses.js';

/**
 * The one registry of configuration variables. It feeds the README's configuration table and
 * `.env.example` (`npm run docs:config`), and `loadConfig` resolves every name listed here into a
 * typed value (see `ConfigValues`).
 *
 * - `type`: how the text is checked and what it becomes (`value-types.ts`); `string` when absent.
 * - `endpoint`: the native stack writes this variable into its endpoints file (so commands and tests
 *   find the running stack); set it yourself to point at Compose or remote services instead.
 * - `secret`: never printed, never written into git or into a Connect config (connectors reference it
 *   as `${env:NAME}`).
 */
export interface VariableSpec {
  readonly name: string;
  /** As text, the way a user would write it in `.env`; parsed like any other value. */
  readonly default?: string;
  readonly secret: boolean;
  readonly endpoint: boolean;
  readonly description: string;
  readonly type?: VariableType;
  /** `compose/docker-compose.yml` reads it (listed in `compose/.env.example`). */
  readonly compose?: boolean;
}

/** What a variable's text must look like, and the type its value has once loaded. */
export type VariableType =
  | { readonly kind: 'string'; readonly pattern: string; readonly hint: string }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'integer'; readonly min: number; readonly max: number; readonly hint: string }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'url'; readonly schemes: readonly string[]; readonly hint: string }
  | { readonly kind: 'host-ports' };

const PORT = { kind: 'integer', min: 1, max: 65_535, hint: 'a port number from 1 to 65535' } as const;
const POSITIVE_INT = { kind: 'integer', min: 1, max: Number.MAX_SAFE_INTEGER, hint: 'a positive whole number' } as const;
const HEAP = { kind: 'string', pattern: '^[1-9][0-9]*[mMgG]$', hint: 'a JVM size such as 512m or 1g' } as const;
const HTTP_URL = { kind: 'url', schemes: ['http', 'https'], hint: 'an http:// or https:// URL' } as const;

type VariableInput = Omit<VariableSpec, 'secret' | 'endpoint'> & { readonly secret?: boolean; readonly endpoint?: boolean };

/** Keeps each entry's literal name and type, so `ConfigValues` knows every variable's value type. */
const variable = <const S extends VariableInput>(spec: S) => ({ secret: false, endpoint: false, ...spec });

export const VARIABLES = [
  variable({
    name: 'WAREHOUSE',
    compose: true,
    type: { kind: 'enum', values: DIALECTS },
    default: 'mssql',
    endpoint: true,
    description: 'Where the pipeline lands: `mssql`, `clickhouse` or `postgres`. The native stack sets `postgres`.',
  }),
  variable({
    name: 'KAFKA_BROKERS',
    type: { kind: 'host-ports' },
    default: 'localhost:9092',
    endpoint: true,
    description: 'Comma-separated Kafka bootstrap servers.',
  }),
  variable({
    name: 'KAFKA_CONNECT_TIMEOUT_MS',
    type: { kind: 'integer', min: 100, max: 3_600_000, hint: 'milliseconds from 100 to 3600000' },
    default: '15000',
    description: 'How long a command waits for a Kafka broker to answer before it reports the broker unreachable.',
  }),
  variable({
    name: 'PRODUCER_CLIENT',
    type: { kind: 'enum', values: PRODUCER_CLIENTS },
    default: 'confluent',
    description:
      'The Kafka client `npm run produce`, the demo, the chaos run and the collector send with: `confluent` (@confluentinc/kafka-javascript, librdkafka: the fastest in bench/RESULTS.md; a native addon, an optional dependency: `npm run producer:install-confluent` when `npm ci` could not build it), `platformatic` (@platformatic/kafka, pure JavaScript) or `kafkajs` (unmaintained since 2023).',
  }),
  variable({
    name: 'CONNECT_URL',
    type: HTTP_URL,
    default: 'http://localhost:8083',
    endpoint: true,
    description: 'Base URL of the Kafka Connect REST API.',
  }),
  variable({
    name: 'PG_URL',
    type: { kind: 'url', schemes: ['postgres', 'postgresql'], hint: 'a postgresql://user@host:port/database URL' },
    default: 'postgresql://postgres@127.0.0.1:54329/warehouse',
    endpoint: true,
    description: 'PostgreSQL warehouse URL for admin work (migrations, tests), without the password.',
  }),
  variable({
    name: 'PG_PASSWORD',
    compose: true,
    secret: true,
    endpoint: true,
    description: 'Password of the user in `PG_URL`. The native stack generates one into `.stack/secrets.env`.',
  }),
  variable({
    name: 'PG_SINK_USER',
    default: 'warehouse_sink',
    description: 'Least-privilege PostgreSQL role the Connect sinks log in as.',
  }),
  variable({
    name: 'PG_SINK_PASSWORD',
    compose: true,
    secret: true,
    endpoint: true,
    description:
      'Password of `PG_SINK_USER` (required by `db:migrate`, which gives the role LOGIN with it); the Connect worker resolves it as `${env:PG_SINK_PASSWORD}`. The native stack generates one into `.stack/secrets.env`, `npm run up` into `.env`.',
  }),
  variable({
    name: 'PG_READER_USER',
    default: 'warehouse_reader',
    description: 'Read-only PostgreSQL role for analytics (notebooks, dashboards); created by `db:migrate`.',
  }),
  variable({
    name: 'PG_READER_PASSWORD',
    compose: true,
    secret: true,
    endpoint: true,
    description:
      'Password of `PG_READER_USER` (without it the role cannot log in). The native stack generates one into `.stack/secrets.env`.',
  }),
  variable({
    name: 'CLICKHOUSE_URL',
    type: HTTP_URL,
    endpoint: true,
    description:
      "ClickHouse's HTTP interface: a ClickHouse server (Compose publishes http://127.0.0.1:8123) or the native stack's ClickHouse service (`stack:up -- --warehouse clickhouse` writes http://127.0.0.1:18123 into its endpoints file).",
  }),
  variable({
    name: 'CLICKHOUSE_USER',
    default: 'default',
    description: 'ClickHouse server user for admin work.',
  }),
  variable({
    name: 'CLICKHOUSE_PASSWORD',
    compose: true,
    secret: true,
    endpoint: true,
    description: 'Password of `CLICKHOUSE_USER`. The native stack generates one into `.stack/secrets.env`.',
  }),
  variable({
    name: 'CLICKHOUSE_DATABASE',
    default: 'warehouse',
    type: { kind: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$', hint: 'a plain identifier' },
    description: 'ClickHouse database of the pipeline tables (created when missing).',
  }),
  variable({
    name: 'CLICKHOUSE_INGEST',
    compose: true,
    type: { kind: 'enum', values: ['connect', 'kafka-engine'] },
    default: 'connect',
    endpoint: true,
    description:
      'How events reach ClickHouse: `connect` (the ClickHouse Kafka Connect sink, connectors/clickhouse; the Compose default) or `kafka-engine` (ClickHouse consumes the topics itself, sql/clickhouse/ingest; the native stack sets it, and Compose runs it when set in `.env`). The `connectors:*` verbs manage either.',
  }),
  variable({
    name: 'CLICKHOUSE_KAFKA_BROKERS',
    type: { kind: 'host-ports' },
    description:
      "Kafka-engine ingest: the brokers as ClickHouse reaches them (`{{CLICKHOUSE_KAFKA_BROKERS}}` in sql/clickhouse/ingest); `KAFKA_BROKERS` when unset. Under Compose `kafka:19092`, the broker's in-network listener (`npm run up` writes it into the endpoints file).",
  }),
  variable({
    name: 'CLICKHOUSE_INGEST_GROUP',
    type: { kind: 'string', pattern: '^[A-Za-z0-9._-]{1,200}$', hint: 'letters, digits, ".", "_" or "-"' },
    default: 'ecom-clickhouse',
    description:
      "Kafka-engine ingest: name and consumer-group prefix; each stream's ingest is `<prefix>-<stream>` (as the Connect sinks' connector names).",
  }),
  variable({
    name: 'CLICKHOUSE_SINK_PASSWORD',
    compose: true,
    secret: true,
    endpoint: true,
    description:
      'Password of `CLICKHOUSE_SINK_USER`, which `db:migrate` creates on a ClickHouse server (required there); the Connect worker resolves it as `${env:CLICKHOUSE_SINK_PASSWORD}`. `npm run up` generates one into `.env`, the native stack into `.stack/secrets.env`.',
  }),
  variable({
    name: 'CLICKHOUSE_READER_PASSWORD',
    compose: true,
    secret: true,
    endpoint: true,
    description:
      'When set, `db:migrate` creates the read-only user `warehouse_reader_user` on a ClickHouse server (notebooks and dashboards log in as it). `npm run up` generates one into `.env`; the native stack generates one into `.stack/secrets.env` and its ClickHouse service enforces the role itself.',
  }),
  variable({
    name: 'MSSQL_URL',
    default: 'mssql://sa@localhost:1433/warehouse',
    type: { kind: 'url', schemes: ['mssql'], hint: 'an mssql://user@host:port/database URL' },
    description: 'SQL Server URL for admin work (migrations, KPIs), without the password.',
  }),
  variable({
    name: 'MSSQL_PASSWORD',
    compose: true,
    secret: true,
    description: 'Password of the user in `MSSQL_URL`.',
  }),
  variable({
    name: 'MSSQL_SINK_PASSWORD',
    compose: true,
    secret: true,
    description:
      'Password of `MSSQL_SINK_USER`, which `db:migrate` creates in role warehouse_sink (SELECT, INSERT, UPDATE, DELETE; required); the Connect worker resolves it as `${env:MSSQL_SINK_PASSWORD}`. `npm run up` generates one into `.env`.',
  }),
  variable({
    name: 'MSSQL_READER_PASSWORD',
    compose: true,
    secret: true,
    description:
      'When set, `db:migrate` creates the read-only login `warehouse_reader_login` (role warehouse_reader, SELECT). `npm run up` generates one into `.env`.',
  }),
  variable({
    name: 'NOTEBOOKS_PYTHON',
    default: 'python3',
    description: "Python 3.10+ that creates the notebooks' virtual environment (`.venv-notebooks/`, from `notebooks/requirements.txt`).",
  }),
  variable({
    name: 'OCI_CLI',
    default: '',
    description:
      'The OCI CLI `npm run vm:provision` runs. Empty: `.venv-oci/bin/oci` (built by `npm run vm:setup` with oci-cli from PyPI) when present, else `oci` on PATH.',
  }),
  variable({
    name: 'OCI_PYTHON',
    default: 'python3',
    description:
      "Python 3.10+ that creates the OCI CLI's virtual environment (`.venv-oci/`, from `vm/requirements-oci.txt`; `npm run vm:setup`).",
  }),
  variable({
    name: 'DASHBOARD_PREFIX',
    default: '',
    type: { kind: 'string', pattern: '^([a-z0-9]+[-_])?$', hint: 'empty, or letters and digits ending in - or _, such as staging-' },
    description:
      "Sets one pipeline's dashboards apart from another's on the same Superset: put before slugs and dataset names, and into the objects' ids and marker (tests use their own).",
  }),
  variable({
    name: 'SUPERSET_URL',
    type: HTTP_URL,
    endpoint: true,
    description:
      "Apache Superset, where `dashboards:apply --target superset` puts the dashboards (`stack:up -- --with superset` writes the native stack's into its endpoints file).",
  }),
  variable({
    name: 'SUPERSET_USER',
    default: 'admin',
    description: 'Superset user the dashboard commands log in as (an admin; the native stack creates it).',
  }),
  variable({
    name: 'SUPERSET_PASSWORD',
    secret: true,
    endpoint: true,
    description: 'Password of `SUPERSET_USER`. The native stack generates one into `.stack/secrets.env`.',
  }),
  variable({
    name: 'SUPERSET_SECRET_KEY',
    secret: true,
    endpoint: true,
    description:
      "The key the native stack's Superset signs sessions and encrypts stored database passwords with. Generated into `.stack/secrets.env`; changing it makes the stored passwords unreadable (dashboards:apply stores them again).",
  }),
  variable({
    name: 'SUPERSET_PYTHON',
    default: 'python3',
    description:
      "Python 3.10+ (3.11 tested) that creates Superset's virtual environment (`.venv-superset/`, from `stack/superset/requirements.txt`).",
  }),
  variable({
    name: 'STACK_SUPERSET_PORT',
    type: PORT,
    default: '18088',
    description: 'Native stack: port of Superset (`stack:up -- --with superset`), on 127.0.0.1.',
  }),
  variable({
    name: 'METABASE_URL',
    type: HTTP_URL,
    endpoint: true,
    description:
      "Metabase, where `dashboards:apply --target metabase` puts the dashboards (`npm run up -- --with metabase` writes the Compose stack's into its endpoints file).",
  }),
  variable({
    name: 'METABASE_ADMIN_EMAIL',
    default: 'admin@example.com',
    compose: true,
    type: { kind: 'string', pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', hint: 'an e-mail address' },
    description:
      "Metabase admin the dashboard commands log in as; on a Metabase not set up yet, the first-run setup creates it (Compose's `dashboards` one-shot does).",
  }),
  variable({
    name: 'METABASE_ADMIN_PASSWORD',
    secret: true,
    compose: true,
    description: 'Password of `METABASE_ADMIN_EMAIL`. `npm run up --with metabase` generates one into `.env`.',
  }),
  variable({
    name: 'METABASE_WAREHOUSE_HOST',
    endpoint: true,
    type: { kind: 'string', pattern: '^[^:/\\s]+:[0-9]+$', hint: 'host:port, such as postgres:5432' },
    description:
      "The warehouse's host:port as Metabase reaches it, when that differs from the warehouse URL's (Metabase in a container, the commands on the host). `npm run up` writes the Compose service's; unset: the host of `PG_URL`, `CLICKHOUSE_URL` or `MSSQL_URL`.",
  }),
  variable({
    name: 'CONNECTOR_PREFIX',
    default: 'ecom',
    type: { kind: 'string', pattern: '^[a-z0-9]+$', hint: 'lower-case letters and digits' },
    description:
      'Connectors are deployed as `<prefix>-<warehouse>-<stream>`, whatever prefix their file names use (tests and benchmarks use their own, so a running pipeline is never touched); `connectors:apply --prune` only ever deletes `<prefix>-<this warehouse>-…`.',
  }),
  variable({
    name: 'TOPIC_SUFFIX',
    default: '',
    type: { kind: 'string', pattern: '^[A-Za-z0-9._-]*$', hint: 'letters, digits, dot, dash or underscore' },
    description:
      'Appended to every topic name (producer, sinks, dead-letter topics) so several environments or test runs can share one cluster.',
  }),
  variable({
    name: 'PG_SINK_JDBC_URL',
    default: 'jdbc:postgresql://postgres:5432/warehouse',
    endpoint: true,
    type: { kind: 'string', pattern: '^jdbc:postgresql://', hint: 'a jdbc:postgresql:// URL' },
    description: 'PostgreSQL as the Connect worker reaches it (rendered into connectors/postgres). The native stack sets its own.',
  }),
  variable({
    name: 'MSSQL_SINK_JDBC_URL',
    default: 'jdbc:sqlserver://mssql:1433;databaseName=warehouse;encrypt=true;trustServerCertificate=true',
    type: { kind: 'string', pattern: '^jdbc:sqlserver://', hint: 'a jdbc:sqlserver:// URL' },
    description: 'SQL Server as the Connect worker reaches it (rendered into connectors/mssql).',
  }),
  variable({
    name: 'MSSQL_SINK_USER',
    default: 'warehouse_sink_login',
    description: 'SQL Server login the sinks use (created by `db:migrate` with `MSSQL_SINK_PASSWORD`).',
  }),
  variable({
    name: 'CLICKHOUSE_SINK_HOST',
    default: 'clickhouse',
    description: 'ClickHouse server host as the Connect worker reaches it (rendered into connectors/clickhouse).',
  }),
  variable({
    name: 'CLICKHOUSE_SINK_PORT',
    default: '8123',
    type: PORT,
    description: 'ClickHouse HTTP(S) port as the Connect worker reaches it.',
  }),
  variable({
    name: 'CLICKHOUSE_SINK_SSL',
    default: 'false',
    type: { kind: 'boolean' },
    description: 'Whether the ClickHouse sink uses HTTPS.',
  }),
  variable({
    name: 'CLICKHOUSE_SINK_USER',
    default: 'warehouse_sink_user',
    description: 'ClickHouse user the sinks use (created by `db:migrate` with `CLICKHOUSE_SINK_PASSWORD`).',
  }),
  variable({
    name: 'DLQ_REPLICATION_FACTOR',
    default: '3',
    endpoint: true,
    type: POSITIVE_INT,
    description:
      "Replication factor of the sinks' dead-letter topics. The native stack sets its own: 1 on one broker, up to 3 on a cluster.",
  }),
  variable({
    name: 'STACK_DIR',
    default: '.stack',
    description: 'Where the native stack keeps jars, data, logs, pid files and its endpoints file (relative to the repo).',
  }),
  variable({
    name: 'STACK_BROKERS',
    type: { kind: 'integer', min: 1, max: 5, hint: 'a number of Kafka nodes from 1 to 5' },
    default: '1',
    description:
      'Native stack: Kafka nodes (`stack:up -- --brokers`), each broker and controller: node N listens on `STACK_KAFKA_PORT` + 10×(N−1) and `STACK_KAFKA_CONTROLLER_PORT` + 10×(N−1). With 3 or more, topics get replication factor 3 and `min.insync.replicas=2`. Fixed when the stack is first started: changing it needs `stack:down -- --purge`.',
  }),
  variable({
    name: 'STACK_CONNECT_WORKERS',
    type: { kind: 'integer', min: 1, max: 4, hint: 'a number of Connect workers from 1 to 4' },
    default: '1',
    description:
      'Native stack: Kafka Connect workers in one group (`stack:up -- --workers`); worker N serves REST on `STACK_CONNECT_PORT` + 10×(N−1). Fixed when the stack is first started, like `STACK_BROKERS`.',
  }),
  variable({
    name: 'STACK_KAFKA_PORT',
    type: PORT,
    default: '9092',
    description: 'Native stack: Kafka broker listener port (localhost).',
  }),
  variable({
    name: 'STACK_KAFKA_CONTROLLER_PORT',
    type: PORT,
    default: '9093',
    description: 'Native stack: KRaft controller listener port (localhost).',
  }),
  variable({
    name: 'STACK_CONNECT_PORT',
    type: PORT,
    default: '8083',
    description: 'Native stack: Kafka Connect REST port (localhost).',
  }),
  variable({
    name: 'STACK_PG_PORT',
    type: PORT,
    default: '54329',
    description: 'Native stack: PostgreSQL port (localhost; not the default 5432, to avoid a local server).',
  }),
  variable({
    name: 'STACK_CLICKHOUSE_PORT',
    type: PORT,
    default: '18123',
    description:
      "Native stack: port of the ClickHouse service's HTTP interface (localhost; not 8123, which Compose's ClickHouse publishes).",
  }),
  variable({
    name: 'STACK_WAREHOUSES',
    type: {
      kind: 'string',
      pattern: '^(postgres|clickhouse)(,(postgres|clickhouse))?$',
      hint: 'postgres, clickhouse or postgres,clickhouse',
    },
    default: 'postgres',
    description:
      'Native stack: which warehouses `stack:up` runs (`--warehouse` overrides). With both, the endpoints file keeps `WAREHOUSE=postgres`.',
  }),
  variable({
    name: 'STACK_PG_OS_USER',
    default: 'postgres',
    description: 'Native stack, when run as root: the OS user PostgreSQL runs as (created if missing).',
  }),
  variable({
    name: 'STACK_KAFKA_HEAP',
    type: HEAP,
    default: '512m',
    description: 'Native stack: JVM heap (-Xms/-Xmx) of the Kafka broker.',
  }),
  variable({
    name: 'STACK_CONNECT_HEAP',
    type: HEAP,
    default: '768m',
    description:
      'Native stack: JVM heap (-Xms/-Xmx) of the Kafka Connect worker (the parallel collector). `1536m` drained a backlog faster in bench:drain; the default keeps the stack under 3 GiB.',
  }),
  variable({
    name: 'STACK_START_TIMEOUT_S',
    type: POSITIVE_INT,
    default: '120',
    description: 'Native stack: seconds each service may take to become healthy before `stack:up` gives up.',
  }),
  variable({
    name: 'CONNECT_OFFSET_FLUSH_INTERVAL_MS',
    type: POSITIVE_INT,
    default: '5000',
    description: 'Native stack worker: how often sink offsets are committed (Kafka default 60000; short for fresh lag readings).',
  }),
  variable({
    name: 'CONNECT_CONSUMER_SESSION_TIMEOUT_MS',
    type: POSITIVE_INT,
    default: '10000',
    description:
      "Native stack worker: sink consumers' session timeout (Kafka default 45000; short so a killed worker's partitions move quickly).",
  }),
  variable({
    name: 'COMPOSE_PROFILES',
    default: 'mssql',
    compose: true,
    description:
      'Compose: which optional services run, comma-separated: one warehouse (`mssql`, `clickhouse` or `postgres`) plus any of `metabase`, `jupyter`, `demo`, `web`. `npm run up` sets it from its options.',
  }),
  variable({
    name: 'JUPYTER_TOKEN',
    secret: true,
    compose: true,
    description: 'Compose: the token Jupyter asks for (profile `jupyter`). `npm run up --with jupyter` generates one into `.env`.',
  }),
  variable({
    name: 'MB_ENCRYPTION_SECRET_KEY',
    secret: true,
    compose: true,
    type: { kind: 'string', pattern: '^.{16,}$', hint: 'at least 16 characters' },
    description:
      'Compose: the key Metabase encrypts its stored database passwords with (profile `metabase`; it refuses to start without). `npm run up --with metabase` generates one into `.env`.',
  }),
  variable({
    name: 'JUPYTER_USER',
    compose: true,
    type: { kind: 'string', pattern: '^[0-9]+(:[0-9]+)?$', hint: 'uid or uid:gid, such as 1000:1000' },
    description:
      'Compose: the uid:gid Jupyter runs as, so notebooks it saves into `notebooks/` stay yours. Unset: `npm run up` uses yours; plain Compose uses 1000:1000.',
  }),
  variable({
    name: 'DEMO_RATE',
    default: '5/s',
    type: { kind: 'string', pattern: '^[0-9]+(\\.[0-9]+)?(/(ms|s|sec|m|min|h))?$', hint: 'a rate such as 5/s or 300/min' },
    compose: true,
    description: "Compose: orders per second of the `demo` profile's producer.",
  }),
  variable({
    name: 'COMPOSE_KAFKA_PORT',
    type: PORT,
    default: '9092',
    compose: true,
    description: 'Compose: host port (on 127.0.0.1) of Kafka (host listener).',
  }),
  variable({
    name: 'COMPOSE_CONNECT_PORT',
    type: PORT,
    default: '8083',
    compose: true,
    description: 'Compose: host port (on 127.0.0.1) of the Kafka Connect REST API.',
  }),
  variable({
    name: 'COMPOSE_MSSQL_PORT',
    type: PORT,
    default: '1433',
    compose: true,
    description: 'Compose: host port (on 127.0.0.1) of SQL Server.',
  }),
  variable({
    name: 'COMPOSE_CLICKHOUSE_PORT',
    type: PORT,
    default: '8123',
    compose: true,
    description: 'Compose: host port (on 127.0.0.1) of ClickHouse HTTP.',
  }),
  variable({
    name: 'COMPOSE_PG_PORT',
    type: PORT,
    default: '5432',
    compose: true,
    description: 'Compose: host port (on 127.0.0.1) of PostgreSQL.',
  }),
  variable({
    name: 'COMPOSE_METABASE_PORT',
    type: PORT,
    default: '3000',
    compose: true,
    description: 'Compose: host port (on 127.0.0.1) of Metabase.',
  }),
  variable({
    name: 'COMPOSE_JUPYTER_PORT',
    type: PORT,
    default: '8888',
    compose: true,
    description: 'Compose: host port (on 127.0.0.1) of Jupyter.',
  }),
  variable({
    name: 'COMPOSE_COLLECTOR_PORT',
    type: PORT,
    default: '8090',
    compose: true,
    description: 'Compose: host port (on 127.0.0.1) of the collector and its demo shop (profile `web`).',
  }),
  variable({
    name: 'PROXY_DOMAIN',
    compose: true,
    default: '',
    type: {
      kind: 'string',
      pattern: '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$|^$',
      hint: 'a DNS name such as shop.example.com',
    },
    description:
      'Compose profile `proxy` (Caddy on port 443): the DNS name pointing at this machine, served with an automatic certificate (TLS-ALPN challenge: only 443 needs to be open); it proxies the collector and its shop. Required by the profile.',
  }),
  variable({
    name: 'PROXY_METABASE_DOMAIN',
    compose: true,
    default: '',
    type: {
      kind: 'string',
      pattern: '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$|^$',
      hint: 'a DNS name such as bi.example.com',
    },
    description:
      'Compose profile `proxy`: a second DNS name for Metabase (profile `metabase`). Empty: Metabase stays on 127.0.0.1 only (reach it with an SSH tunnel).',
  }),
  variable({
    name: 'PROXY_BIND_ADDRESS',
    compose: true,
    default: '127.0.0.1',
    type: { kind: 'enum', values: ['127.0.0.1', '0.0.0.0'] },
    description:
      'Compose profile `proxy`: where port 443 listens. `127.0.0.1` (the default, like every other port) or `0.0.0.0` to serve the internet (the VM recipe sets it when given a domain).',
  }),
  variable({
    name: 'COLLECTOR_HOST',
    default: '127.0.0.1',
    type: { kind: 'string', pattern: '^[A-Za-z0-9.:-]+$', hint: 'an address such as 127.0.0.1, or 0.0.0.0 for every interface' },
    description: 'Collector: the address it listens on (behind a reverse proxy in production).',
  }),
  variable({
    name: 'COLLECTOR_PORT',
    type: PORT,
    default: '8090',
    description: 'Collector: HTTP port (`npm run collector`).',
  }),
  variable({
    name: 'COLLECTOR_ALLOWED_ORIGINS',
    compose: true,
    default: '',
    type: {
      kind: 'string',
      pattern: '^(https?://[A-Za-z0-9.:-]+(,https?://[A-Za-z0-9.:-]+)*)?$',
      hint: 'comma-separated origins such as https://shop.example.com',
    },
    description:
      'Collector: other sites whose pages may send events (CORS allowlist, exact origins). Empty: only pages the collector serves itself.',
  }),
  variable({
    name: 'COLLECTOR_TRUSTED_PROXIES',
    compose: true,
    default: '',
    type: { kind: 'string', pattern: '^([0-9A-Fa-f.:/]+(,[0-9A-Fa-f.:/]+)*)?$', hint: 'comma-separated addresses or CIDR ranges' },
    description:
      "Collector: reverse proxies whose `X-Forwarded-For`, `X-Forwarded-Proto` and country header are believed. Empty: none; the client is the socket's address.",
  }),
  variable({
    name: 'COLLECTOR_COUNTRY_HEADER',
    compose: true,
    default: '',
    type: { kind: 'string', pattern: '^([A-Za-z0-9-]+)?$', hint: 'a header name such as cf-ipcountry' },
    description:
      "Collector: the header a trusted proxy sets to the visitor's ISO country code (such as `cf-ipcountry`). Empty, untrusted or unreadable: country `ZZ` (unknown).",
  }),
  variable({
    name: 'COLLECTOR_BOTS',
    compose: true,
    type: { kind: 'enum', values: ['flag', 'drop'] },
    default: 'flag',
    description: 'Collector: events from bot user agents are kept with `is_bot = true` (`flag`) or not sent (`drop`); either way counted.',
  }),
  variable({
    name: 'COLLECTOR_IP',
    compose: true,
    type: { kind: 'enum', values: ['truncate', 'drop'] },
    default: 'truncate',
    description:
      "Collector: what it keeps of a client's address in its logs and rejects: the network only (`truncate`: IPv4 /24, IPv6 /48) or nothing (`drop`). Events never carry it.",
  }),
  variable({
    name: 'COLLECTOR_CONSENT',
    compose: true,
    type: { kind: 'enum', values: ['required', 'implied'] },
    default: 'required',
    description:
      'Collector: `required`: no cookie and no party id until the page sends `consent: true`; `implied`: cookies from the first event (only where the law allows).',
  }),
  variable({
    name: 'COLLECTOR_MAX_BODY_BYTES',
    compose: true,
    type: POSITIVE_INT,
    default: '65536',
    description: 'Collector: the largest request body accepted (413 above it).',
  }),
  variable({
    name: 'COLLECTOR_MAX_EVENTS',
    compose: true,
    type: POSITIVE_INT,
    default: '100',
    description: 'Collector: the most events one request may carry (413 above it).',
  }),
  variable({
    name: 'COLLECTOR_RATE_LIMIT',
    compose: true,
    type: POSITIVE_INT,
    default: '600',
    description: 'Collector: requests per minute from one client address (429 above it, with Retry-After).',
  }),
  variable({
    name: 'COLLECTOR_CURRENCY',
    compose: true,
    default: 'USD',
    type: { kind: 'string', pattern: '^[A-Z]{3}$', hint: 'an ISO 4217 code such as USD or EUR' },
    description: "Collector: the demo shop's currency, written on the sales lines of its orders (the producer's default is USD too).",
  }),
  variable({
    name: 'COLLECTOR_ACK_TIMEOUT_MS',
    compose: true,
    type: POSITIVE_INT,
    default: '5000',
    description:
      "Collector: how long a request waits for Kafka's acknowledgement before answering 503 with Retry-After (the page retries; event ids make retries harmless).",
  }),
] as const satisfies readonly VariableSpec[];

type Spec = (typeof VARIABLES)[number];
export type VariableName = Spec['name'];
type SpecNamed<N extends VariableName> = Extract<Spec, { readonly name: N }>;
type ValueOfType<T> = T extends { readonly kind: 'enum'; readonly values: readonly (infer V)[] }
  ? V
  : T extends { readonly kind: 'integer' }
    ? number
    : T extends { readonly kind: 'boolean' }
      ? boolean
      : string;
type ValueOf<S> = S extends { readonly type: infer T } ? ValueOfType<T> : string;

/** Every variable's loaded value: typed from its registry entry; `undefined` only where there is no default. */
export type ConfigValues = {
  readonly [N in VariableName]: ValueOf<SpecNamed<N>> | (SpecNamed<N> extends { readonly default: string } ? never : undefined);
};

export const isVariableName = (name: string): name is VariableName => VARIABLES.some((spec) => spec.name === name);
