import { describe, expect, it } from 'vitest';
import { userAgentFacts } from '../../../lib/enrichment/user-agent.js';
import { AGENTS } from '../../../producer/generator/devices.js';
import { DEFAULT_GENERATOR_OPTIONS, OrderGenerator } from '../../../producer/generator/generator.js';
import { COMPACT_FUNNEL } from '../../../producer/generator/traffic-profiles.js';

const share = (items: readonly string[], value: string) => items.filter((item) => item === value).length / items.length;

describe('the generated devices and browsers', () => {
  it('uses real user agents that the collector’s own parser reads as the device, OS and browser they claim', () => {
    for (const agents of Object.values(AGENTS)) {
      for (const [agent] of agents) {
        expect(userAgentFacts(agent.userAgent), agent.userAgent).toEqual({
          device_family: agent.family,
          os_family: agent.os,
          browser_family: agent.browser,
          is_bot: false,
        });
      }
    }
  });

  it('mixes devices per channel, with Android and Mac among them, and keeps a sale’s device equal to its session’s', () => {
    const generator = new OrderGenerator({
      ...DEFAULT_GENERATOR_OPTIONS,
      funnel: COMPACT_FUNNEL,
      seed: 12,
      startMs: Date.parse('2025-03-03T00:00:00Z'),
    });
    const batches = Array.from({ length: 4_000 }, () => generator.next());
    const sessions = new Map(batches.flatMap((batch) => batch.clickstream).map((event) => [event.session_id, event]));
    const visits = [...sessions.values()];
    expect(new Set(visits.map((event) => event.user_agent)).size).toBeGreaterThanOrEqual(10);
    expect(
      share(
        visits.map((event) => event.os_family ?? ''),
        'Android',
      ),
    ).toBeGreaterThan(0.15);
    expect(
      share(
        visits.map((event) => event.os_family ?? ''),
        'macOS',
      ),
    ).toBeGreaterThan(0.03);
    expect(
      share(
        visits.map((event) => event.device_family ?? ''),
        'mobile',
      ),
    ).toBeGreaterThan(0.45);
    const lines = batches.flatMap((batch) => batch.sales);
    const mobileChannel = lines.filter((line) => line.channel === 'mobile');
    expect(
      share(
        mobileChannel.map((line) => line.device),
        'mobile',
      ),
    ).toBeGreaterThan(0.8);
    expect(new Set(mobileChannel.map((line) => line.device))).toEqual(new Set(['mobile', 'tablet']));
    const web = lines.filter((line) => line.channel === 'web');
    expect(
      share(
        web.map((line) => line.device),
        'desktop',
      ),
    ).toBeGreaterThan(0.5);
    for (const batch of batches) {
      const purchase = batch.clickstream.find((event) => event.event_type === 'purchase');
      const line = batch.sales.find((sale) => sale.order_id === batch.orderId);
      if (line) expect(purchase?.device_family).toBe(line.device);
    }
  });
});
