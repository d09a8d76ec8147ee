import { providerReferencesIn } from '../../lib/connect-config-providers.js';
import type { Dialect } from '../../lib/warehouses.js';
import type { FileProblem } from '../file-problem.js';
import type { ConnectorDefinition } from './validate-connector-files.js';

/** What the rest of the repository declares, so connector files can be checked against it offline. */
export interface PipelineFacts {
  /** The event topics the schemas declare (`x-topic`), without a suffix. */
  readonly eventTopics: readonly string[];
  /** The tables each warehouse's migrations create. */
  readonly tables: Readonly<Record<Dialect, readonly string[]>>;
  /** Every variable of the registry (what `${env:…}` may name). */
  readonly variables: readonly string[];
  /** Secrets files the stack provides to the worker (`${file:path:key}`), with their keys. */
  readonly secretFiles: Readonly<Record<string, readonly string[]>>;
}

const SUFFIX = '{{TOPIC_SUFFIX}}';
const pointerOf = (key: string) => `/config/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/** The topics a connector reads, suffix placeholder removed; `regex` when it subscribes by pattern. */
function sourcesOf(connector: ConnectorDefinition, facts: PipelineFacts): { topics: string[]; regex?: RegExp; problem?: string } {
  const pattern = connector.config['topics.regex'];
  if (pattern !== undefined) {
    try {
      const regex = new RegExp(`^(?:${pattern.replaceAll(SUFFIX, '')})$`);
      return { topics: facts.eventTopics.filter((topic) => regex.test(topic)), regex };
    } catch (error) {
      return { topics: [], problem: `"${pattern}" is not a regular expression (${(error as Error).message})` };
    }
  }
  return { topics: list(connector.config.topics).map((topic) => topic.replaceAll(SUFFIX, '')) };
}

/** The table a connector writes for one source topic (Debezium `collection.name.format`, ClickHouse `topic2TableMap`). */
function tableFor(connector: ConnectorDefinition, topic: string): string {
  const config = connector.config;
  if (config.topic2TableMap !== undefined) {
    for (const pair of list(config.topic2TableMap)) {
      const [from, to] = pair.split('=').map((part) => part.trim().replaceAll(SUFFIX, ''));
      if (from === topic && to) return to;
    }
    return topic;
  }
  return (config['collection.name.format'] ?? '${topic}').replaceAll('${topic}', topic);
}

/** Levenshtein distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j] as number;
      row[j] = Math.min(current + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] as number;
}

function suggestion(name: string, candidates: readonly string[]): string {
  const best = [...candidates].sort((x, y) => distance(name, x) - distance(name, y))[0];
  return best !== undefined && distance(name, best) <= 3 ? ` (did you mean ${best}?)` : '';
}

function referenceProblems(value: string, facts: PipelineFacts): string[] {
  const problems: string[] = [];
  for (const { whole, provider, target, key } of providerReferencesIn(value)) {
    if (provider === 'env' && !facts.variables.includes(target)) {
      problems.push(
        `${whole} names no variable of the registry${suggestion(target, facts.variables)}; the worker would resolve it to nothing`,
      );
    }
    if (provider === 'file') {
      const keys = facts.secretFiles[target];
      const known = Object.entries(facts.secretFiles).map(([file, names]) => `${file} (${names.join(', ')})`);
      if (!keys) problems.push(`${whole} reads ${target}, which the stack does not provide; valid files: ${known.join('; ') || 'none'}`);
      else if (!keys.includes(key))
        problems.push(`${whole}: ${target} provides no key "${key}"${suggestion(key, keys)}; it provides ${keys.join(', ')}`);
    }
    if (provider === 'dir')
      problems.push(`${whole}: the stack provides no secrets directory; use \${env:NAME} or \${file:<secrets file>:NAME}`);
  }
  return problems;
}

/**
 * Checks connector files against the pipeline they serve: they read topics the schemas declare, write
 * tables the migrations create, reference only secrets that exist, never read a dead-letter topic,
 * and no two of one warehouse write the same table. Pure.
 */
export function pipelineProblems(connectors: readonly ConnectorDefinition[], facts: PipelineFacts): FileProblem[] {
  const problems: FileProblem[] = [];
  const deadLetters = new Map(
    connectors
      .map((connector) => [connector.config['errors.deadletterqueue.topic.name']?.replaceAll(SUFFIX, ''), connector.path] as const)
      .filter((entry): entry is readonly [string, string] => entry[0] !== undefined && entry[0] !== ''),
  );
  const writers = new Map<string, string>();
  for (const connector of connectors) {
    const add = (pointer: string, problem: string) => problems.push({ file: connector.path, pointer, problem });
    const sources = sourcesOf(connector, facts);
    const sourceKey = connector.config['topics.regex'] !== undefined ? 'topics.regex' : 'topics';
    if (sources.problem) add(pointerOf(sourceKey), sources.problem);
    else if (sources.regex) {
      if (sources.topics.length === 0)
        add(pointerOf(sourceKey), `matches no event topic; the schemas declare ${facts.eventTopics.join(', ')}`);
      for (const [dlq, owner] of deadLetters)
        if (sources.regex.test(dlq)) add(pointerOf(sourceKey), `also matches the dead-letter topic ${dlq} of ${owner}: a feedback loop`);
    } else {
      for (const topic of sources.topics) {
        if (deadLetters.has(topic))
          add(pointerOf('topics'), `reads ${topic}, the dead-letter topic of ${deadLetters.get(topic)}: a feedback loop`);
        else if (!facts.eventTopics.includes(topic))
          add(
            pointerOf('topics'),
            `"${topic}" is no event topic${suggestion(topic, facts.eventTopics)}; the schemas declare ${facts.eventTopics.join(', ')} (each with {{TOPIC_SUFFIX}})`,
          );
      }
    }
    const tables = facts.tables[connector.warehouse];
    const tableKey = connector.config.topic2TableMap !== undefined ? 'topic2TableMap' : 'collection.name.format';
    for (const topic of sources.topics.filter((each) => facts.eventTopics.includes(each))) {
      const table = tableFor(connector, topic);
      if (!tables.includes(table)) {
        add(
          pointerOf(tableKey),
          `writes ${topic} into table "${table}", which the ${connector.warehouse} migrations do not create${suggestion(table, tables)}; they create ${tables.join(', ')}`,
        );
        continue;
      }
      const writer = writers.get(`${connector.warehouse}/${table}`);
      if (writer) add(pointerOf(tableKey), `writes table ${table}, as ${writer} does: two sinks into one table race each other; keep one`);
      else writers.set(`${connector.warehouse}/${table}`, connector.path);
    }
    for (const [key, value] of Object.entries(connector.config))
      for (const problem of referenceProblems(value, facts)) add(pointerOf(key), problem);
  }
  return problems;
}
