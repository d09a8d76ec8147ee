import type { VariableSpec } from '../../lib/config/variables.js';

/** `{{NAME}}`: our placeholder syntax, distinct from Connect's `${provider:…}` references. */
const PLACEHOLDER = /\{\{([A-Za-z0-9_]+)\}\}/g;

/** Config-provider references the worker resolves: the only allowed form of a secret. */
export const PROVIDER_REFERENCE = /^\$\{(env|file|dir):[^}]+\}$/;

/** Keys whose values are secrets (compared by reference, masked in output). */
export const isSecretKey = (key: string): boolean => /(password|secret|token|credentials?|api[._-]?key)$/i.test(key);

export function placeholdersIn(value: string): string[] {
  return [...value.matchAll(PLACEHOLDER)].map((match) => match[1] as string);
}

/** Replaces every `{{NAME}}` with its configured value; `missing` collects names without one. */
export function renderPlaceholders(value: string, values: Readonly<Record<string, string | undefined>>, missing: string[]): string {
  return value.replaceAll(PLACEHOLDER, (whole, name: string) => {
    const replacement = values[name];
    if (replacement === undefined) {
      missing.push(name);
      return whole;
    }
    return replacement;
  });
}

export function placeholderProblem(name: string, registry: readonly VariableSpec[]): string | undefined {
  const spec = registry.find((candidate) => candidate.name === name);
  if (!spec) return `unknown placeholder {{${name}}}; valid: a variable from the README's configuration table`;
  if (spec.secret) return `{{${name}}} names a secret; write \${env:${name}} so the worker resolves it and no value is stored in Connect`;
  return undefined;
}
