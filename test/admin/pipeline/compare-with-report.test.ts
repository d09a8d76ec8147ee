import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agreesWithReport, compareWithReport } from '../../../admin/pipeline/compare-with-report.js';
import { loadReportToCheck, readProducerReport } from '../../../admin/pipeline/producer-report.js';
import { PipelineError } from '../../../lib/errors.js';
import { defaultProduceOptions } from '../../../producer/produce-options.js';

describe('comparing a topic with the producer report', () => {
  it('accounts for acknowledged, failed and in-doubt records', () => {
    const comparison = compareWithReport({
      topic: 't',
      producedIds: ['A|1', 'B|1', 'C|1', 'D|1', 'E|1', 'F|1'],
      failedKeys: ['C|1', 'invalid-x'],
      inDoubtKeys: ['D|1', 'E|1'],
      invalidSent: 1,
      topicKeys: new Set(['A|1', 'D|1']),
    });
    expect(comparison).toEqual({
      topic: 't',
      produced: 6,
      acknowledged: 3,
      acknowledgedNotInTopic: ['B|1', 'F|1'],
      failedInTopic: [],
      inDoubtInTopic: ['D|1'],
      inDoubtNotInTopic: ['E|1'],
      invalidSent: 1,
    });
    expect(agreesWithReport(comparison)).toBe(false);
  });

  it('agrees when every acknowledged key is in the topic and no failed one is', () => {
    const base = { topic: 't', producedIds: ['A|1', 'B|1'], inDoubtKeys: [], invalidSent: 0 };
    expect(agreesWithReport(compareWithReport({ ...base, failedKeys: ['B|1'], topicKeys: new Set(['A|1']) }))).toBe(true);
    const wrong = compareWithReport({ ...base, failedKeys: ['B|1'], topicKeys: new Set(['A|1', 'B|1']) });
    expect(wrong.failedInTopic).toEqual(['B|1']);
    expect(agreesWithReport(wrong)).toBe(false);
  });
});

describe('reading a producer report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'report-'));
  const write = (name: string, content: string) => {
    const file = join(dir, name);
    writeFileSync(file, content);
    return file;
  };

  it('names the file and the fields that are wrong (exit 2)', () => {
    const file = write('x-bad.json', JSON.stringify({ options: {}, orders: -1, interrupted: false, topics: { t: { sent: 1 } } }));
    let error: unknown;
    try {
      readProducerReport(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PipelineError);
    expect((error as PipelineError).exitCode).toBe(2);
    expect((error as PipelineError).message).toBe(
      `${file} is not a producer report: /orders must be >= 0; /topics/t must have required property 'acked'; /topics/t must have required property 'failed'; /topics/t must have required property 'inDoubt'; /topics/t must have required property 'invalidSent'; /topics/t must have required property 'failedKeys'; /topics/t must have required property 'inDoubtKeys'. Pass a file written by \`npm run produce -- --report <file>\`.`,
    );
  });

  it('refuses a report whose counts its options do not regenerate (another generator version), exit 2', async () => {
    const options = { ...defaultProduceOptions(Date.parse('2025-01-01T00:00:00.000Z')), count: 5 };
    const booked = { sent: 1, acked: 1, failed: 0, inDoubt: 0, invalidSent: 0, failedKeys: [], inDoubtKeys: [] };
    const file = write('x-stale.json', JSON.stringify({ options, orders: 5, interrupted: false, topics: { sales_events: booked } }));
    const error = await loadReportToCheck(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PipelineError);
    expect((error as PipelineError).exitCode).toBe(2);
    expect((error as PipelineError).message).toMatch(
      new RegExp(
        `^${file.replaceAll('.', '\\.')} says 1 records were sent to sales_events, but its options and order count regenerate \\d+: it was written by another version of the generator\\.`,
      ),
    );
  });

  it('says when the file is not JSON', () => {
    const file = write('broken.json', '{"orders": ');
    expect(() => readProducerReport(file)).toThrow(`Cannot read the producer report ${file}:`);
  });
});
