import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describeCause, PipelineError } from '../../lib/errors.js';
import type { ProduceOptions } from '../../producer/produce-options.js';
import { validateProduceOptions } from '../../producer/produce-options.js';
import { type ReplayedIds, replayRecordIds } from '../../producer/replay-record-ids.js';

/** What `pipeline:check --against` needs of a producer `--report` file. */
export interface ProducerReport {
  readonly options: ProduceOptions;
  readonly orders: number;
  readonly interrupted: boolean;
  readonly topics: Record<
    string,
    { sent: number; acked: number; failed: number; inDoubt: number; invalidSent: number; failedKeys: string[]; inDoubtKeys: string[] }
  >;
}

const count = { type: 'integer', minimum: 0 } as const;
const keys = { type: 'array', items: { type: 'string' } } as const;
const REPORT_SCHEMA = {
  type: 'object',
  required: ['options', 'orders', 'interrupted', 'topics'],
  properties: {
    options: { type: 'object' },
    orders: count,
    interrupted: { type: 'boolean' },
    topics: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['sent', 'acked', 'failed', 'inDoubt', 'invalidSent', 'failedKeys', 'inDoubtKeys'],
        properties: { sent: count, acked: count, failed: count, inDoubt: count, invalidSent: count, failedKeys: keys, inDoubtKeys: keys },
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(REPORT_SCHEMA);

/** Reads and checks a producer report; every problem names the file and the field. */
export function readProducerReport(file: string): ProducerReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PipelineError(
      'CONFIG_INVALID',
      `Cannot read the producer report ${file}: ${describeCause(error)}. Pass a file written by \`npm run produce -- --report <file>\`.`,
      { cause: error },
    );
  }
  if (!validate(parsed)) {
    const problems = (validate.errors ?? []).map((error) => `${error.instancePath || '(top level)'} ${error.message}`);
    throw new PipelineError(
      'CONFIG_INVALID',
      `${file} is not a producer report: ${problems.join('; ')}. Pass a file written by \`npm run produce -- --report <file>\`.`,
    );
  }
  const report = parsed as unknown as ProducerReport;
  try {
    return { ...report, options: validateProduceOptions(report.options as unknown as Record<string, unknown>) };
  } catch (error) {
    throw new PipelineError('CONFIG_INVALID', `${file}: the recorded producer options are not valid here. ${describeCause(error)}`, {
      cause: error,
    });
  }
}

/** A producer report with every record id its run produced, regenerated once, per topic. */
export interface ReportToCheck {
  readonly file: string;
  readonly content: ProducerReport;
  readonly replayed: ReadonlyMap<string, ReplayedIds>;
}

/**
 * Reads a report and regenerates its run's record ids (the generator is seeded); refuses a report whose
 * per-topic counts do not regenerate, i.e. one written by another version of the generator.
 */
export async function loadReportToCheck(file: string): Promise<ReportToCheck> {
  const content = readProducerReport(file);
  const replayed = await replayRecordIds(content.options, content.orders);
  for (const [topic, booked] of Object.entries(content.topics)) {
    const ids = replayed.get(topic) ?? { valid: [], invalid: [] };
    if (ids.valid.length + ids.invalid.length !== booked.sent) {
      throw new PipelineError(
        'CONFIG_INVALID',
        `${file} says ${booked.sent} records were sent to ${topic}, but its options and order count regenerate ${ids.valid.length + ids.invalid.length}: it was written by another version of the generator. Compare with a report from this version.`,
      );
    }
  }
  return { file, content, replayed };
}
