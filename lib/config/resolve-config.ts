import { Ajv } from 'ajv';
import { PipelineError } from '../errors.js';
import { VARIABLES, type VariableName, type VariableSpec } from './variables.js';

/** One source of values, e.g. the process environment or a `.env` file. Earlier layers win. */
export interface ConfigLayer {
  readonly origin: string;
  readonly values: Readonly<Record<string, string | undefined>>;
  /** Files must only hold registered names; the process environment holds anything. */
  readonly rejectUnknownKeys: boolean;
}

export interface ResolvedConfig {
  readonly values: Readonly<Record<VariableName, string | undefined>>;
  /** Where each value came from: a layer's origin, or "default". */
  readonly origins: Readonly<Record<VariableName, string>>;
}

const KNOWN_NAMES: ReadonlySet<string> = new Set(VARIABLES.map((spec) => spec.name));

function valueSchema(spec: VariableSpec): object {
  if (!spec.schema) return { type: 'string' };
  if ('enum' in spec.schema) return { type: 'string', enum: spec.schema.enum };
  return { type: 'string', pattern: spec.schema.pattern };
}

const ajv = new Ajv({ strict: true, allErrors: true });
const validateValues = ajv.compile({
  type: 'object',
  properties: Object.fromEntries(VARIABLES.map((spec) => [spec.name, valueSchema(spec)])),
});

function expectation(spec: VariableSpec): string {
  if (!spec.schema) return 'a string';
  if ('enum' in spec.schema) return `one of ${spec.schema.enum.join(', ')}`;
  return spec.schema.patternHint;
}

/**
 * Applies precedence (first layer wins, then the registry default) and validates every value once.
 * All problems are reported together in one CONFIG_INVALID error.
 */
export function resolveConfig(layers: readonly ConfigLayer[]): ResolvedConfig {
  const problems: string[] = [];
  for (const layer of layers) {
    if (!layer.rejectUnknownKeys) continue;
    const unknown = Object.keys(layer.values).filter((name) => !KNOWN_NAMES.has(name));
    if (unknown.length > 0) {
      problems.push(
        `${layer.origin} sets unknown variable${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (the README's configuration table lists the valid names)`,
      );
    }
  }

  const values: Record<string, string | undefined> = {};
  const origins: Record<string, string> = {};
  for (const spec of VARIABLES) {
    const layer = layers.find((candidate) => candidate.values[spec.name] !== undefined && candidate.values[spec.name] !== '');
    values[spec.name] = layer ? layer.values[spec.name] : spec.default;
    origins[spec.name] = layer ? layer.origin : 'default';
  }

  const present = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
  if (!validateValues(present)) {
    for (const error of validateValues.errors ?? []) {
      const name = error.instancePath.slice(1);
      const spec = VARIABLES.find((candidate) => candidate.name === name);
      if (!spec) continue;
      const shown = spec.secret ? '(secret)' : JSON.stringify(present[name]);
      problems.push(`${name}=${shown} from ${origins[name]} is not valid: expected ${expectation(spec)}`);
    }
  }

  if (problems.length > 0) {
    throw new PipelineError('CONFIG_INVALID', `Invalid configuration: ${problems.join('; ')}. Fix the values and run again.`);
  }
  return { values: values as ResolvedConfig['values'], origins: origins as ResolvedConfig['origins'] };
}
