import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPACT_FUNNEL, REALISTIC_FUNNEL } from '../../producer/generator/traffic-profiles.js';
import { loadTrafficProfile } from '../../producer/traffic-profile.js';

const dir = mkdtempSync(join(tmpdir(), 'profiles-'));
const fileWith = (name: string, content: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};

describe('traffic profiles', () => {
  it('loads the shipped profiles by name, valid against their schema, and a file of one’s own', () => {
    expect(loadTrafficProfile('realistic')).toEqual(REALISTIC_FUNNEL);
    expect(loadTrafficProfile('compact')).toEqual(COMPACT_FUNNEL);
    const mine = { ...COMPACT_FUNNEL, browsingSessionsPerOrder: 20 };
    expect(loadTrafficProfile(fileWith('mine.json', mine))).toEqual(mine);
  });

  it('names the file, each field and value that is wrong, and what would be valid', () => {
    const bad = fileWith('bad.json', { ...REALISTIC_FUNNEL, productView: 1.5, bounce: 0.4, searchRate: undefined });
    expect(() => loadTrafficProfile(bad)).toThrow(
      `${bad} is not a valid traffic profile: searchRate is missing; bounce is not a profile field; productView 1.5 must be <= 1 (see producer/profiles/traffic-profile.schema.json).`,
    );
    const broken = fileWith('broken.json', '{"browsingSessionsPerOrder": ');
    expect(() => loadTrafficProfile(broken)).toThrow(`${broken} is not valid JSON`);
    expect(() => loadTrafficProfile('weekend')).toThrow(
      '--profile "weekend" is neither realistic nor compact nor a file that exists; name a profile or a JSON file like producer/profiles/realistic.json.',
    );
  });
});
