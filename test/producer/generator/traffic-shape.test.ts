import { describe, expect, it } from 'vitest';
import { describeViolations, eventViolations } from '../../../lib/schemas/event-rules.js';
import { DEFAULT_GENERATOR_OPTIONS, eventsByStream, OrderGenerator } from '../../../producer/generator/generator.js';
import { COMPACT_FUNNEL, REALISTIC_FUNNEL } from '../../../producer/generator/traffic-profiles.js';
import type { UserEvent } from '../../../schemas/generated/event-types.js';

/** The shape of a seeded run's traffic, measured from its events as the KPIs would. */
function trafficShape(events: readonly UserEvent[], orders: number) {
  const sessions = new Map<string, UserEvent[]>();
  for (const event of events) sessions.set(event.session_id, [...(sessions.get(event.session_id) ?? []), event]);
  const all = [...sessions.values()];
  const has = (session: UserEvent[], type: UserEvent['event_type']) => session.some((event) => event.event_type === type);
  const carted = all.filter((session) => has(session, 'add_to_cart'));
  const pages = all.map((session) => session.filter((e) => ['page_view', 'product_view', 'search'].includes(e.event_type)).length);
  const engaged = all.filter((session) => session.length > 1 && !has(session, 'purchase'));
  return {
    eventsPerOrder: events.length / orders,
    sessionsPerOrder: all.length / orders,
    conversion: all.filter((session) => has(session, 'purchase')).length / all.length,
    cartAbandonment: 1 - carted.filter((session) => has(session, 'purchase')).length / carted.length,
    bounceRate: all.filter((session) => session.length === 1).length / all.length,
    pagesPerSession: pages.reduce((sum, count) => sum + count, 0) / all.length,
    longestSession: Math.max(...pages),
    searchShare: all.filter((session) => has(session, 'search')).length / all.length,
    productViewsPerEngagedVisit:
      engaged.reduce((sum, session) => sum + session.filter((e) => e.event_type === 'product_view').length, 0) / engaged.length,
  };
}

function run(funnel: typeof REALISTIC_FUNNEL, orders: number) {
  const generator = new OrderGenerator({ ...DEFAULT_GENERATOR_OPTIONS, funnel, seed: 3, startMs: Date.parse('2025-03-03T00:00:00Z') });
  return trafficShape(Array.from({ length: orders }, () => generator.next().clickstream).flat(), orders);
}

describe('the default traffic looks like a shop’s (producer/profiles/realistic.json)', () => {
  it('converts 1–4% of sessions, loses about 70% of carts, bounces about 45%, browses several pages with a long tail', () => {
    const shape = run(REALISTIC_FUNNEL, 1_500);
    process.stdout.write(`[traffic] realistic, seed 3, 1500 orders: ${JSON.stringify(shape)}\n`);
    expect(shape.conversion).toBeGreaterThan(0.01);
    expect(shape.conversion).toBeLessThan(0.04);
    expect(shape.cartAbandonment).toBeGreaterThan(0.6);
    expect(shape.cartAbandonment).toBeLessThan(0.8);
    expect(shape.bounceRate).toBeGreaterThan(0.35);
    expect(shape.bounceRate).toBeLessThan(0.55);
    expect(shape.pagesPerSession).toBeGreaterThan(3);
    expect(shape.pagesPerSession).toBeLessThan(6);
    expect(shape.longestSession).toBeGreaterThan(20);
    expect(shape.searchShare).toBeGreaterThan(0.1);
    expect(shape.searchShare).toBeLessThan(0.3);
    expect(shape.productViewsPerEngagedVisit).toBeGreaterThan(2);
    expect(shape.productViewsPerEngagedVisit).toBeLessThan(3.5);
    expect(shape.eventsPerOrder).toBeGreaterThan(100);
    expect(shape.eventsPerOrder).toBeLessThan(250);
  });

  it('makes realistic events that pass their schema and rules', () => {
    const generator = new OrderGenerator({ ...DEFAULT_GENERATOR_OPTIONS, seed: 8, startMs: Date.parse('2025-11-20T00:00:00Z') });
    const problems: string[] = [];
    for (let order = 0; order < 300; order += 1) {
      for (const [stream, event] of eventsByStream(generator.next())) {
        const violations = eventViolations(stream, event);
        if (violations.length > 0 && problems.length < 5) problems.push(`${stream}: ${describeViolations(violations)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps the compact profile at today’s test volume: about 14 clickstream events per order', () => {
    const shape = run(COMPACT_FUNNEL, 2_000);
    expect(shape.eventsPerOrder).toBeGreaterThan(10);
    expect(shape.eventsPerOrder).toBeLessThanOrEqual(20);
  });
});
