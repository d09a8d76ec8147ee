import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CollectorUnderTest, DESKTOP_CHROME, pageEvent, startCollectorUnderTest } from '../support/collector-under-test.js';
import { type PipelineUnderTest, startPipelineUnderTest } from '../support/pipeline-under-test.js';
import { readTopics } from '../support/read-topic.js';
import { eventually } from '../support/test-env.js';

/** The collector at the API level, on the native stack: HTTP in, Kafka, the PostgreSQL sink, rows out. */
describe('the collector', () => {
  const work = mkdtempSync(join(tmpdir(), 'it-collector-'));
  let pipeline: PipelineUnderTest;
  let collector: CollectorUnderTest;

  beforeAll(async () => {
    pipeline = await startPipelineUnderTest('collector', work);
    collector = await startCollectorUnderTest(pipeline.env, {
      trustedProxies: ['127.0.0.1'],
      countryHeader: 'x-country',
      maxEvents: 5,
      maxBodyBytes: 4096,
    });
  });

  afterAll(async () => {
    await collector?.close();
    await pipeline?.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  const rowsOfSession = (sessionId: string) =>
    pipeline.query<Record<string, unknown>>(
      `SELECT event_id::text, event_type, party_id, session_id, country, device_family, os_family, browser_family, is_bot,
              search_term, page_view_id, to_char(client_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS client_ts,
              utm_source, utm_medium, utm_campaign, user_agent
       FROM user_events WHERE session_id = '${sessionId}' ORDER BY ts, event_id`,
    );
  /** Waits until a session has exactly `count` rows in user_events, and returns them. */
  const landed = (sessionId: string, count: number) =>
    eventually(
      async () => {
        const found = await rowsOfSession(sessionId);
        return found.length === count ? found : undefined;
      },
      60_000,
      `${count} row(s) of session ${sessionId} in user_events`,
    );
  const cookieOf = (headers: Headers) =>
    headers
      .getSetCookie()
      .map((cookie) => cookie.split(';')[0])
      .join('; ');

  it('lands a batch with its enrichment fields, sets the identity cookies, and a retried batch adds no row', async () => {
    const events = [
      pageEvent('page_view', 'pv-a1'),
      pageEvent('search', 'pv-a1', { search_term: 'desk lamp' }),
      pageEvent('product_view', 'pv-a2', { product_id: 'P0001' }),
    ];
    const sent = await collector.post('/v1/events', { consent: true, events }, { 'user-agent': DESKTOP_CHROME, 'x-country': 'de' });
    expect(sent.status, JSON.stringify(sent.json)).toBe(200);
    expect(sent.json).toEqual({ accepted: 3 });
    const setCookies = sent.headers.getSetCookie();
    expect(setCookies.map((cookie) => cookie.split('=')[0])).toEqual(['ecom_pid', 'ecom_sid']);
    for (const cookie of setCookies) expect(cookie).toMatch(/; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(setCookies[1]).toContain('Max-Age=1800');
    const sessionId = /ecom_sid=([^;]+)/.exec(setCookies[1] ?? '')?.[1] ?? '';

    const rows = await landed(sessionId, 3);
    expect(rows.map((row) => row.event_id).sort()).toEqual(events.map((event) => event.event_id).sort());
    const search = rows.find((row) => row.event_type === 'search');
    expect(search).toMatchObject({
      country: 'DE',
      device_family: 'desktop',
      os_family: 'Windows',
      browser_family: 'Chrome',
      is_bot: false,
      search_term: 'desk lamp',
      page_view_id: 'pv-a1',
      client_ts: events[1]?.client_ts,
      utm_source: 'newsletter',
      utm_medium: 'email',
      utm_campaign: 'winter',
      user_agent: DESKTOP_CHROME,
    });

    // The same batch again (a retry), then a marker on the same session: once the marker is in, so is the retry.
    const cookie = cookieOf(sent.headers);
    expect((await collector.post('/v1/events', { consent: true, events }, { 'user-agent': DESKTOP_CHROME, cookie })).status).toBe(200);
    const marker = pageEvent('page_view', 'pv-a3');
    expect((await collector.post('/v1/events', { consent: true, events: [marker] }, { 'user-agent': DESKTOP_CHROME, cookie })).status).toBe(
      200,
    );
    const after = await eventually(
      async () => {
        const found = await rowsOfSession(sessionId);
        return found.some((row) => row.event_id === marker.event_id) ? found : undefined;
      },
      60_000,
      'the marker event',
    );
    expect(after).toHaveLength(4);
  });

  it('sets no cookie and keeps no identity across pages without consent; believes the country header only from a trusted proxy', async () => {
    const event = pageEvent('page_view', 'pv-anon');
    const sent = await collector.post('/v1/events', { events: [event] }, { 'user-agent': DESKTOP_CHROME, 'x-country': 'FR' });
    expect(sent.status).toBe(200);
    expect(sent.headers.getSetCookie()).toEqual([]);
    const [row] = await landed('anon-pv-anon', 1);
    expect(row).toMatchObject({ party_id: 'anon-pv-anon', session_id: 'anon-pv-anon', country: 'FR' });

    // The same header from a peer that is not a trusted proxy is ignored: country ZZ (unknown).
    const untrusting = await startCollectorUnderTest(pipeline.env, { trustedProxies: [], countryHeader: 'x-country' });
    try {
      const other = pageEvent('page_view', 'pv-untrusted');
      expect((await untrusting.post('/v1/events', { events: [other] }, { 'x-country': 'FR' })).status).toBe(200);
      expect((await landed('anon-pv-untrusted', 1))[0]).toMatchObject({ country: 'ZZ' });
    } finally {
      await untrusting.close({ keepTopics: true });
    }
  });

  it('flags a bot user agent, or drops it when told to, and counts it', async () => {
    const event = pageEvent('page_view', 'pv-bot');
    const sent = await collector.post(
      '/v1/events',
      { events: [event] },
      { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' },
    );
    expect(sent.status).toBe(200);
    const [row] = await landed('anon-pv-bot', 1);
    expect(row).toMatchObject({ is_bot: true, device_family: 'bot' });

    // COLLECTOR_BOTS=drop: not sent, and counted.
    const dropping = await startCollectorUnderTest(pipeline.env, { bots: 'drop' });
    try {
      const answer = await dropping.post('/v1/events', { events: [pageEvent('page_view', 'pv-bot2')] }, { 'user-agent': 'curl/8.5.0' });
      expect(answer).toMatchObject({ status: 200, json: { accepted: 0, dropped_as_bot: 1 } });
      expect(await dropping.metrics()).toContain('collector_bot_events_total{action="dropped"} 1');
    } finally {
      await dropping.close({ keepTopics: true });
    }
    expect(await collector.metrics()).toContain('collector_bot_events_total{action="flagged"} 1');
  });

  it('answers each kind of bad request with its 4xx and one sentence, and writes each to collector-rejects', async () => {
    const good = pageEvent('page_view', 'pv-bad');
    const { page_url: _dropped, ...noUrl } = good;
    const cases: Array<[string, string | object, Record<string, string>, number, string]> = [
      ['malformed_json', '{"events": [', {}, 400, 'The body is not JSON ('],
      [
        'too_large',
        `{"events": [], "pad": "${'x'.repeat(5000)}"}`,
        {},
        413,
        'The body is larger than 4096 bytes (COLLECTOR_MAX_BODY_BYTES): send smaller batches.',
      ],
      [
        'too_many_events',
        { events: Array.from({ length: 6 }, () => good) },
        {},
        413,
        'The batch has 6 events; at most 5 per request (COLLECTOR_MAX_EVENTS): send them in smaller batches.',
      ],
      [
        'invalid_batch',
        { events: [{ ...good, event_type: 'click' }] },
        {},
        400,
        'The batch is not valid: events[0].event_type is "click"; valid: page_view, product_view, search, add_to_cart, remove_from_cart, checkout_start, purchase.',
      ],
      [
        'invalid_batch',
        { events: [{ ...good, client_ts: 1_700_000_000 }] },
        {},
        400,
        'The batch is not valid: events[0].client_ts is 1700000000: it must be string.',
      ],
      ['invalid_batch', { events: [noUrl] }, {}, 400, 'The batch is not valid: events[0] lacks page_url.'],
      [
        'media_type',
        'events',
        { 'content-type': 'application/x-www-form-urlencoded' },
        415,
        'Content-Type application/x-www-form-urlencoded is not accepted: send application/json or text/plain (navigator.sendBeacon).',
      ],
      [
        'origin_not_allowed',
        { events: [good] },
        { origin: 'https://evil.example' },
        403,
        'Origin https://evil.example may not send events here; add it to COLLECTOR_ALLOWED_ORIGINS (now empty: only pages this collector serves).',
      ],
    ];
    for (const [kind, body, headers, status, error] of cases) {
      const answer = await collector.post('/v1/events', body, headers);
      expect({ kind, status: answer.status }).toEqual({ kind, status });
      expect(String(answer.json.error), kind).toContain(error);
    }
    // A batch with one good and one bad event: the good one is accepted, the bad one refused and dead-lettered.
    // (February 30th has the shape the batch schema asks for, but is no instant: the event schema refuses it.)
    const impossible = { ...good, event_id: '0b7d8a52-5f3c-4d0e-9d43-8a5e2f1c7b99', client_ts: '2026-02-30T10:00:00.000Z' };
    const mixed = await collector.post('/v1/events', { events: [good, impossible] });
    expect(mixed).toMatchObject({
      status: 400,
      json: {
        error:
          '1 of 2 event(s) are not valid and were not accepted: events[1].client_ts is "2026-02-30T10:00:00.000Z": it must be a real UTC instant written as 2025-01-31T12:34:56.789Z.',
        accepted: 1,
        rejected: 1,
      },
    });

    const rejects = await readTopics([collector.rejectsTopic], cases.length + 1, 60_000);
    const values = rejects.map(
      (record) => JSON.parse(record.value) as { kind: string; reason: string; client_network: string; body: string },
    );
    expect(values.map((value) => value.kind).sort()).toEqual([...cases.map(([kind]) => kind), 'invalid_event'].sort());
    expect(values.every((value) => value.client_network === '127.0.0.0/24')).toBe(true);
    expect(values.find((value) => value.kind === 'malformed_json')?.body).toBe('{"events": [');
    expect(await collector.metrics()).toContain('collector_events_rejected_total{reason="invalid_batch"} 3');
  });

  it('serves its health, metrics and static pages', async () => {
    expect(await (await fetch(`${collector.url}/health`)).json()).toEqual({ status: 'ok', kafka: 'ok' });
    const metrics = await collector.metrics();
    expect(metrics).toMatch(/collector_events_accepted_total\{stream="clickstream"\} \d+/);
    const page = await fetch(`${collector.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('POST /v1/events');
  });

  it("writes a shop order's sales lines at catalogue prices, and refuses a price in the request or an unknown product", async () => {
    const catalogue = (await (await fetch(`${collector.url}/v1/catalogue`)).json()) as {
      products: { product_id: string; unit_price: string }[];
    };
    const [first, second] = catalogue.products;
    const order = {
      order_id: `o-${Date.now()}`,
      city: 'Lyon',
      payment_method: 'card',
      lines: [
        { product_id: first?.product_id, quantity: 2 },
        { product_id: second?.product_id, quantity: 1 },
      ],
    };
    const placed = await collector.post('/v1/orders', order, { 'user-agent': DESKTOP_CHROME });
    expect(placed.status, JSON.stringify(placed.json)).toBe(200);
    const cents = (price: string | undefined) => Math.round(Number(price) * 100);
    const expectedTotal = ((cents(first?.unit_price) * 2 + cents(second?.unit_price)) / 100).toFixed(2);
    expect(placed.json).toEqual({ order_id: order.order_id, lines: 2, total: expectedTotal, currency: 'USD' });
    const rows = await eventually(
      async () => {
        const found = await pipeline.query<{
          line_no: number;
          unit_price: string;
          line_total: string;
          device: string;
          customer_id: string;
        }>(
          `SELECT line_no, unit_price::text, line_total::text, device, customer_id FROM sales_lines WHERE order_id = '${order.order_id}' ORDER BY line_no`,
        );
        return found.length === 2 ? found : undefined;
      },
      60_000,
      'the order lines in sales_lines',
    );
    expect(rows).toEqual([
      {
        line_no: 1,
        unit_price: first?.unit_price,
        line_total: ((cents(first?.unit_price) * 2) / 100).toFixed(2),
        device: 'desktop',
        customer_id: `guest-${order.order_id}`,
      },
      {
        line_no: 2,
        unit_price: second?.unit_price,
        line_total: second?.unit_price,
        device: 'desktop',
        customer_id: `guest-${order.order_id}`,
      },
    ]);

    const priced = await collector.post('/v1/orders', {
      ...order,
      lines: [{ product_id: first?.product_id, quantity: 1, unit_price: '0.01' }],
    });
    expect(priced).toMatchObject({ status: 400, json: { error: 'The order is not valid: lines[0] has an unknown field unit_price.' } });
    const unknown = await collector.post('/v1/orders', { ...order, lines: [{ product_id: 'P99999', quantity: 1 }] });
    expect(unknown).toMatchObject({
      status: 400,
      json: {
        error: 'The order is not valid: lines[0].product_id is "P99999", which is not in the catalogue (GET /v1/catalogue lists it).',
      },
    });
  });

  it('accepts feedback, and refuses a bad rating in one sentence', async () => {
    const feedbackId = '5f0e2f64-31d1-4c55-9d8c-0a6c1d2e3f40';
    const ok = await collector.post('/v1/feedback', { feedback_id: feedbackId, feature: 'checkout', rating: 5, comment: 'Quick.' });
    expect(ok).toMatchObject({ status: 200, json: { accepted: 1 } });
    const bad = await collector.post('/v1/feedback', { feedback_id: feedbackId, feature: 'checkout', rating: 9, comment: '' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe('The feedback is not valid: rating is 9: it must be <= 5.');
    const rows = await eventually(
      async () => {
        const found = await pipeline.query<{ rating: number }>(`SELECT rating FROM feedback WHERE feedback_id = '${feedbackId}'`);
        return found.length === 1 ? found : undefined;
      },
      60_000,
      'the feedback row',
    );
    expect(rows).toEqual([{ rating: 5 }]);
  });
});
