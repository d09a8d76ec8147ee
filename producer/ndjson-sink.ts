import type { Writable } from 'node:stream';
import type { RecordSink } from './kafka-sender.js';
import type { OutgoingRecord } from './record-builder.js';

/**
 * `--dry-run`: one JSON line per record ({topic, key, headers, value}) instead of Kafka. Values we
 * serialized are JSON already and are embedded as is; a malformed one is embedded as a string.
 */
export class NdjsonSink implements RecordSink {
  constructor(private readonly out: Writable) {}

  async send(records: readonly OutgoingRecord[]): Promise<void> {
    let chunk = '';
    for (const record of records) {
      const value = record.invalidKind === 'malformed-json' ? JSON.stringify(record.value) : record.value;
      const headers = record.invalidKind ? `{"x-invalid":${JSON.stringify(record.invalidKind)}}` : '{}';
      chunk += `{"topic":${JSON.stringify(record.topic)},"key":${JSON.stringify(record.key)},"headers":${headers},"value":${value}}\n`;
    }
    if (!this.out.write(chunk)) await new Promise((resolvePromise) => this.out.once('drain', resolvePromise));
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {}
}
