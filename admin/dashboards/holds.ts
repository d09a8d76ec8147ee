import { isDeepStrictEqual } from 'node:util';

/**
 * Whether `current` holds everything `desired` says: objects may carry keys the tool adds (its UI and
 * API save more than apply writes), arrays must match element for element. How plan and apply compare
 * what a dashboard tool answers with what the definitions render.
 */
export function holds(desired: unknown, current: unknown): boolean {
  if (Array.isArray(desired)) {
    return Array.isArray(current) && current.length === desired.length && desired.every((item, index) => holds(item, current[index]));
  }
  if (desired !== null && typeof desired === 'object') {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return false;
    return Object.entries(desired).every(([key, value]) => holds(value, (current as Record<string, unknown>)[key]));
  }
  return isDeepStrictEqual(desired, current);
}
