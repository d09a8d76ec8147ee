import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { PipelineError } from '../lib/errors.js';
import { REPO_ROOT } from '../lib/repo-root.js';
import type { FunnelRates } from './generator/clickstream.js';
import { ratesOf } from './generator/traffic-profiles.js';

/** The profiles that ship with the producer (`producer/profiles/<name>.json`). */
export const TRAFFIC_PROFILES = ['realistic', 'compact'] as const;
export type TrafficProfileName = (typeof TRAFFIC_PROFILES)[number];
export const DEFAULT_TRAFFIC_PROFILE: TrafficProfileName = 'realistic';

const PROFILES_DIR = join(REPO_ROOT, 'producer', 'profiles');
const schema = JSON.parse(readFileSync(join(PROFILES_DIR, 'traffic-profile.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);

const fileOf = (nameOrFile: string): string =>
  (TRAFFIC_PROFILES as readonly string[]).includes(nameOrFile) ? join(PROFILES_DIR, `${nameOrFile}.json`) : nameOrFile;

/**
 * A traffic profile by name (`realistic`, `compact`) or from a JSON file checked against
 * `producer/profiles/traffic-profile.schema.json`: every problem named at once with its field and value.
 */
export function loadTrafficProfile(nameOrFile: string): FunnelRates {
  const file = fileOf(nameOrFile);
  if (!existsSync(file)) {
    throw new PipelineError(
      'USAGE',
      `--profile "${nameOrFile}" is neither ${TRAFFIC_PROFILES.join(' nor ')} nor a file that exists; name a profile or a JSON file like producer/profiles/realistic.json.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PipelineError('USAGE', `${file} is not valid JSON (${(error as Error).message}); fix it or use --profile realistic.`);
  }
  if (!validate(parsed)) {
    const problems = (validate.errors ?? []).map((error) => {
      if (error.keyword === 'required') return `${String(error.params.missingProperty)} is missing`;
      if (error.keyword === 'additionalProperties') return `${String(error.params.additionalProperty)} is not a profile field`;
      const field = error.instancePath.slice(1);
      return `${field} ${JSON.stringify((parsed as Record<string, unknown>)[field])} ${error.message}`;
    });
    throw new PipelineError(
      'USAGE',
      `${file} is not a valid traffic profile: ${problems.join('; ')} (see producer/profiles/traffic-profile.schema.json).`,
    );
  }
  return ratesOf(parsed as FunnelRates);
}
