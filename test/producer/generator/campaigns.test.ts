import { describe, expect, it } from 'vitest';
import { activeCampaigns, CAMPAIGNS } from '../../../producer/generator/campaigns.js';
import { DEFAULT_GENERATOR_OPTIONS, type GeneratedBatch, OrderGenerator } from '../../../producer/generator/generator.js';
import { COMPACT_FUNNEL } from '../../../producer/generator/traffic-profiles.js';

const START = Date.parse('2025-01-01T00:00:00.000Z');
const DAY = 86_400_000;

describe('the marketing calendar', () => {
  // A simulated year at 60 orders a day.
  const generator = new OrderGenerator({
    ...DEFAULT_GENERATOR_OPTIONS,
    funnel: COMPACT_FUNNEL,
    seed: 21,
    startMs: START,
    ordersPerDay: 60,
  });
  const batches: GeneratedBatch[] = [];
  while (batches.length === 0 || Date.parse(batches.at(-1)?.sales[0]?.order_ts ?? '1970-01-01') < START + 365 * DAY) {
    batches.push(generator.next());
  }
  // A visit's first event carries its attribution.
  const seenSessions = new Set<string>();
  const events = batches.flatMap((batch) => batch.clickstream);
  const visits = events.filter((event) => !seenSessions.has(event.session_id) && Boolean(seenSessions.add(event.session_id)));
  // A buying visit is attributed at its order's time (the campaign lifts that order's conversion), and
  // it starts a few minutes before: one that begins before midnight carries the next day's campaign.
  const lastEventMs = new Map<string, number>();
  for (const event of events) lastEventMs.set(event.session_id, Math.max(lastEventMs.get(event.session_id) ?? 0, Date.parse(event.ts)));

  it('tags visits with the campaigns that run that day, never one out of its dates, and no campaign all year', () => {
    const seasonal = new Set(CAMPAIGNS.map((campaign) => campaign.name));
    const seen = new Set<string>();
    for (const visit of visits) {
      if (!visit.utm_campaign || !seasonal.has(visit.utm_campaign)) continue;
      seen.add(visit.utm_campaign);
      const running = [Date.parse(visit.ts), lastEventMs.get(visit.session_id) ?? 0].flatMap((ms) =>
        activeCampaigns(ms).map((campaign) => campaign.name),
      );
      expect(running, `${visit.utm_campaign} on ${visit.ts}`).toContain(visit.utm_campaign);
    }
    expect([...seen].sort()).toEqual([...seasonal].sort());
    const campaigns = new Set(visits.map((visit) => visit.utm_campaign));
    expect(campaigns.has('autumn-sale')).toBe(false);
    expect(campaigns.has(null)).toBe(true);
    // Tagged visits carry a source and a medium; newsletters come from email without a referrer.
    for (const visit of visits.filter((v) => v.utm_campaign)) {
      expect(visit.utm_source).not.toBeNull();
      expect(visit.utm_medium).not.toBeNull();
      if (visit.utm_medium === 'email') expect(visit.referrer).toBeNull();
    }
  });

  it('lifts orders while a sale runs: Black Friday weekend sells over twice a normal November day', () => {
    const ordersOn = (fromMs: number, days: number) =>
      batches.filter((batch) => {
        const at = Date.parse(batch.clickstream.find((event) => event.event_type === 'purchase')?.ts ?? '');
        return at >= fromMs && at < fromMs + days * DAY;
      }).length / days;
    const blackFriday = Date.parse('2025-11-28T00:00:00.000Z');
    expect(ordersOn(blackFriday, 4)).toBeGreaterThan(2 * ordersOn(Date.parse('2025-11-03T00:00:00.000Z'), 14));
  });

  it('gives each order the source of its buying visit', () => {
    for (const batch of batches.slice(0, 3_000)) {
      const purchase = batch.clickstream.find((event) => event.event_type === 'purchase');
      const first = batch.clickstream.find((event) => event.session_id === purchase?.session_id);
      for (const line of batch.sales.filter((sale) => sale.order_id === batch.orderId)) expect(line.utm_source).toBe(first?.utm_source);
    }
  });
});
