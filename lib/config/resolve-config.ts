import { PipelineError } from '../errors.js';
import { acceptsEmpty, expectation, parseValue } from './value-types.js';
import { type ConfigValues, isVariableName, VARIABLES, type VariableName, type VariableSpec } from './variables.js';

/** One source of values, e.g. the process environment or a `.env` file. Earlier layers win. */
export interface ConfigLayer {
  readonly origin: string;
  readonly values: Readonly<Record<string, string | undefined>>;
  /** Files must only hold registered names; the process environment holds anything. */
  readonly rejectUnknownKeys: boolean;
}

export interface ResolvedConfig {
  /** Typed values (numbers, booleans, enum members, checked strings), from the registry's types. */
  readonly values: ConfigValues;
  /** The same values as text, as a child process or a connector placeholder receives them. */
  readonly text: Readonly<Record<VariableName, string | undefined>>;
  /** Where each value came from: a layer's origin, or "default". */
  readonly origins: Readonly<Record<VariableName, string>>;
}

type Value = string | number | boolean;
type Outcome =
  | { readonly text: string | undefined; readonly value: Value | undefined; readonly origin: string }
  | { readonly problem: string };

/** The value one variable takes from the layers (first layer that sets it, else the default), checked and typed once. */
function resolveOne(spec: VariableSpec, layers: readonly ConfigLayer[]): Outcome {
  const layer = layers.find((candidate) => candidate.values[spec.name] !== undefined);
  if (!layer) {
    if (spec.default === undefined) return { text: undefined, value: undefined, origin: 'default' };
    const parsed = parseValue(spec.type, spec.default);
    if (!parsed.ok) throw new Error(`The registry default of ${spec.name} is not a valid value: fix lib/config/variables.ts.`);
    return { text: spec.default, value: parsed.value, origin: 'default' };
  }
  const text = layer.values[spec.name] as string;
  if (text === '' && !acceptsEmpty(spec.type)) {
    // Empty means "unset" only where there is nothing to fall back to; it never selects a default.
    if (spec.default === undefined) return { text: undefined, value: undefined, origin: layer.origin };
    return {
      problem: `${spec.name} is empty in ${layer.origin}; an empty value is not "use the default": remove the line to get ${JSON.stringify(spec.default)}, or set ${expectation(spec)}`,
    };
  }
  const parsed = parseValue(spec.type, text);
  if (!parsed.ok) {
    const shown = spec.secret ? '(secret)' : JSON.stringify(text);
    return { problem: `${spec.name}=${shown} from ${layer.origin} is not valid: expected ${expectation(spec)}` };
  }
  return { text, value: parsed.value, origin: layer.origin };
}

/**
 * Applies precedence (first layer wins, then the registry default), checks every value once and
 * converts it to its registry type. All problems are reported together in one CONFIG_INVALID error.
 */
export function resolveConfig(layers: readonly ConfigLayer[]): ResolvedConfig {
  const problems: string[] = [];
  for (const layer of layers) {
    if (!layer.rejectUnknownKeys) continue;
    const unknown = Object.keys(layer.values).filter((name) => !isVariableName(name));
    if (unknown.length > 0) {
      problems.push(
        `${layer.origin} sets unknown variable${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (the README's configuration table lists the valid names)`,
      );
    }
  }

  const typed: Record<string, Value | undefined> = {};
  const text: Record<string, string | undefined> = {};
  const origins: Record<string, string> = {};
  const registry: readonly VariableSpec[] = VARIABLES;
  for (const spec of registry) {
    const outcome = resolveOne(spec, layers);
    if ('problem' in outcome) {
      problems.push(outcome.problem);
      continue;
    }
    text[spec.name] = outcome.text;
    origins[spec.name] = outcome.origin;
    if (outcome.value !== undefined) typed[spec.name] = outcome.value;
  }

  if (problems.length > 0) {
    throw new PipelineError('CONFIG_INVALID', `Invalid configuration: ${problems.join('; ')}. Fix the values and run again.`);
  }
  return {
    values: typed as unknown as ConfigValues,
    text: text as Record<VariableName, string | undefined>,
    origins: origins as Record<VariableName, string>,
  };
}
