import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../lib/repo-root.js';

/** A cast of a config value, or a caller converting one itself: both mean the registry's type is not used. */
const CAST_OR_CONVERSION = [
  /\b(?:values|v)\.[A-Z][A-Z0-9_]*\)?\s+as\s/,
  /\.(?:values|text)\[[^\]]+\]\s+as\s/,
  /\b(?:Number|parseInt|parseFloat)\(\s*[\w.()]*\b(?:values|v)\.[A-Z][A-Z0-9_]*\s*\)/,
  /\bvalues\s+as\s+Record</,
];

const sources = () =>
  execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts'], { cwd: REPO_ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((file) => file !== '' && !file.startsWith('lib/config/') && file !== 'test/lib/config/no-config-casts.test.ts');

const offending = (text: string): string[] => text.split('\n').filter((line) => CAST_OR_CONVERSION.some((pattern) => pattern.test(line)));

describe('config values are used as the registry types them', () => {
  it('recognises the casts it forbids', () => {
    expect(
      offending(
        [
          'const a = config.values.WAREHOUSE as Dialect;',
          'new ConnectClient(loadConfig().values.CONNECT_URL as string)',
          "const b = (config.values.TOPIC_SUFFIX as string | undefined) ?? '';",
          'port: Number(v.STACK_KAFKA_PORT),',
          'const c = config.values[name] as string;',
          'const d = config.values.KAFKA_BROKERS;',
        ].join('\n'),
      ),
    ).toHaveLength(5);
  });

  it('no file outside lib/config casts or converts a config value', () => {
    const found = sources().flatMap((file) =>
      offending(readFileSync(join(REPO_ROOT, file), 'utf8')).map((line) => `${file}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });
});
