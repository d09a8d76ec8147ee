import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordSink } from '../../producer/kafka-sender.js';
import { defaultProduceOptions } from '../../producer/produce-options.js';
import type { OutgoingRecord } from '../../producer/record-builder.js';
import { runProduce } from '../../producer/run-produce.js';

class MemorySink implements RecordSink {
  readonly records: OutgoingRecord[] = [];
  closed = false;
  async send(records: readonly OutgoingRecord[]) {
    this.records.push(...records);
  }
  async flush() {}
  async close() {
    this.closed = true;
  }
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('runProduce (the one producer wiring)', () => {
  it('generates, closes the sink and writes the report where asked, creating its folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-produce-'));
    dirs.push(dir);
    const reportFile = join(dir, 'nested', 'report.json');
    const memory = new MemorySink();
    const run = await runProduce(
      { ...defaultProduceOptions(Date.parse('2025-01-01T00:00:00.000Z')), count: 25, seed: 4, dryRun: true, reportFile },
      { wrapSink: () => memory },
    );
    expect(run.summary.orders).toBe(25);
    expect(memory.records).toHaveLength(run.summary.records);
    expect(memory.closed).toBe(true);
    const written = JSON.parse(readFileSync(reportFile, 'utf8')) as { orders: number; options: { seed: number } };
    expect(written.orders).toBe(25);
    expect(written.options.seed).toBe(4);
  });

  it('refuses to run without Kafka unless it is a dry run', async () => {
    await expect(runProduce(defaultProduceOptions(0), {})).rejects.toThrow('runProduce needs a Kafka client unless it is a dry run.');
  });

  it('names the report file it cannot write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-produce-'));
    dirs.push(dir);
    await expect(
      runProduce({ ...defaultProduceOptions(0), count: 1, dryRun: true, reportFile: dir }, { wrapSink: () => new MemorySink() }),
    ).rejects.toThrow(`Cannot write the report ${dir}: EISDIR`);
  });
});
