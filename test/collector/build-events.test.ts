import { describe, expect, it } from 'vitest';
import { countryOf, type RequestContext, referrerOf, userEventOf, utmOf } from '../../collector/build-events.js';
import { userAgentFacts } from '../../lib/enrichment/user-agent.js';
import { schemaViolations } from '../../lib/schemas/event-schemas.js';

const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const context: RequestContext = {
  receivedAt: new Date('2026-12-06T10:00:00.123Z'),
  idsOf: () => ({ partyId: 'pabc', sessionId: 'sdef' }),
  customerId: null,
  userAgent: UA,
  agent: userAgentFacts(UA),
  country: 'DE',
};

describe("building the pipeline's events from what a page sends", () => {
  it('adds server time, identity, user agent, country, UTM and the parsed agent; the result is a valid user_event', () => {
    const event = userEventOf(
      {
        event_id: '0b7d8a52-5f3c-4d0e-9d43-8a5e2f1c7b10',
        event_type: 'search',
        page_view_id: 'pv-1',
        page_url: 'https://shop.example.com/search?q=lamp&utm_source=newsletter&utm_medium=email&utm_campaign=winter',
        client_ts: '2026-12-06T09:59:58.000Z',
        referrer: 'https://shop.example.com/',
        search_term: 'lamp',
      },
      context,
    );
    expect(event).toEqual({
      event_id: '0b7d8a52-5f3c-4d0e-9d43-8a5e2f1c7b10',
      session_id: 'sdef',
      party_id: 'pabc',
      customer_id: null,
      event_type: 'search',
      ts: '2026-12-06T10:00:00.123Z',
      page_url: 'https://shop.example.com/search?q=lamp&utm_source=newsletter&utm_medium=email&utm_campaign=winter',
      referrer: 'https://shop.example.com/',
      utm_source: 'newsletter',
      utm_medium: 'email',
      utm_campaign: 'winter',
      product_id: null,
      order_id: null,
      user_agent: UA,
      country: 'DE',
      client_ts: '2026-12-06T09:59:58.000Z',
      page_view_id: 'pv-1',
      device_family: 'desktop',
      os_family: 'Windows',
      browser_family: 'Chrome',
      is_bot: false,
      search_term: 'lamp',
    });
    expect(schemaViolations('clickstream', event)).toEqual([]);
  });

  it('reads no UTM from a URL it cannot parse, keeps only http(s) referrers, and a country only from a two-letter code (else ZZ)', () => {
    expect(utmOf('not a url')).toEqual({ utm_source: null, utm_medium: null, utm_campaign: null });
    expect(referrerOf('https://www.google.com/')).toBe('https://www.google.com/');
    expect(referrerOf('android-app://com.google.android.gm/')).toBeNull();
    expect(referrerOf('not a url')).toBeNull();
    expect(referrerOf('')).toBeNull();
    expect(countryOf('de')).toBe('DE');
    expect(countryOf(undefined)).toBe('ZZ');
    expect(countryOf('XX')).toBe('ZZ');
    expect(countryOf('T1')).toBe('ZZ');
    expect(countryOf('Germany')).toBe('ZZ');
  });
});
