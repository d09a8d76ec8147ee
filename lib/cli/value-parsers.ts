import { PipelineError } from '../errors.js';

/**
 * Parsers for command-line values. Each takes the flag it parses, so every message names the option
 * the user typed (`--timeout "forever" is not a duration…`). The `…Of(text, flag)` forms serve values
 * checked after parsing; the factories plug into commander's `argParser`.
 */

const usage = (message: string) => new PipelineError('USAGE', message);

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "10m", "30s", "1h30m", "500ms", "2d" → milliseconds. */
export function durationOf(text: string, flag: string): number {
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text.trim()) {
    throw usage(`${flag} "${text}" is not a duration; write e.g. 30s, 10m, 1h30m, 2d or 500ms.`);
  }
  const ms = parts.reduce((sum, part) => sum + Number(part[1]) * (DURATION_UNITS[part[2] as string] ?? 0), 0);
  if (!(ms >= 1)) throw usage(`${flag} "${text}" must be at least 1ms.`);
  return Math.round(ms);
}

export const duration = (flag: string) => (text: string) => durationOf(text, flag);

const RATE_UNITS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, sec: 1, m: 60, min: 60, h: 3600 };

/** "500/s", "30000/min", "2/ms" or a bare number (per second) → per second. */
export function rateOf(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(?:\/(ms|s|sec|m|min|h))?$/.exec(text.trim());
  if (!match) throw usage(`${flag} "${text}" is not a rate; write e.g. 500/s, 30000/min or 500.`);
  const value = Number(match[1]) / (RATE_UNITS[match[2] ?? 's'] ?? 1);
  if (!(value > 0)) throw usage(`${flag} "${text}" must be above zero.`);
  return value;
}

export const rate = (flag: string) => (text: string) => rateOf(text, flag);

/** An ISO-8601 instant, "now" or "now-<duration>" → epoch ms. */
export function instantOf(text: string, nowMs: number, flag: string): number {
  if (text === 'now') return nowMs;
  const relative = /^now-(.+)$/.exec(text);
  if (relative) {
    try {
      return nowMs - durationOf(relative[1] as string, flag);
    } catch {
      throw usage(`${flag} "${text}" is not an ISO-8601 time, "now" or "now-<duration>".`);
    }
  }
  const parsed = Date.parse(text);
  if (!Number.isFinite(parsed)) throw usage(`${flag} "${text}" is not an ISO-8601 time, "now" or "now-<duration>".`);
  return parsed;
}

/** "a, b,,c" → ['a', 'b', 'c']: a comma-separated list, blanks dropped (the caller checks the names). */
export const listOf = (text: string): string[] =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/** A comma-separated list of names from `allowed`, duplicates dropped; unknown or no names are bad usage. */
export function choices<T extends string>(flag: string, allowed: readonly T[], noun: string) {
  return (text: string): T[] => {
    const names = listOf(text);
    const unknown = names.filter((name) => !(allowed as readonly string[]).includes(name));
    if (names.length === 0 || unknown.length > 0) {
      throw usage(
        `${flag} "${text}" ${unknown.length > 0 ? `names unknown ${noun}(s) ${unknown.join(', ')}` : 'is empty'}; choose from ${allowed.join(', ')}.`,
      );
    }
    return [...new Set(names)] as T[];
  };
}

/** Any finite number (or a whole one). */
export function numberOption(flag: string, { integer }: { integer: boolean }) {
  return (text: string): number => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
      throw usage(`${flag} "${text}" is not ${integer ? 'a whole number' : 'a number'}.`);
    }
    return value;
  };
}

export function positiveInteger(flag: string) {
  return (text: string): number => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isInteger(value) || value <= 0) throw usage(`${flag} "${text}" is not a positive whole number.`);
    return value;
  };
}

export function nonNegativeInteger(flag: string) {
  return (text: string): number => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isInteger(value) || value < 0) throw usage(`${flag} "${text}" is not a whole number ≥ 0.`);
    return value;
  };
}
