import { describe, expect, it } from 'vitest';
import { pollUntil } from '../../lib/poll.js';

describe('pollUntil', () => {
  it('returns the first value an attempt gives', async () => {
    let calls = 0;
    const value = await pollUntil(async () => (++calls === 3 ? 'ready' : undefined), { timeoutMs: 5_000, intervalMs: 1 });
    expect(value).toBe('ready');
    expect(calls).toBe(3);
  });

  it('gives undefined when the time is up, after at least one attempt', async () => {
    let calls = 0;
    expect(await pollUntil(async () => void calls++, { timeoutMs: 0, intervalMs: 1 })).toBeUndefined();
    expect(calls).toBe(1);
  });

  it('ends at once when an attempt throws', async () => {
    await expect(pollUntil(async () => Promise.reject(new Error('broken')), { timeoutMs: 5_000, intervalMs: 1 })).rejects.toThrow('broken');
  });
});
