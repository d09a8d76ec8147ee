import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAllRecords } from '../../../admin/pipeline/read-all-records.js';
import { keyOfValue } from '../../../admin/pipeline/reconcile.js';
import { createKafka } from '../../../lib/kafka/kafka-client.js';
import { topicOf } from '../../../lib/streams.js';
import { browserUnavailable } from '../../support/browser.js';
import { type CollectorUnderTest, DESKTOP_CHROME, startCollectorUnderTest } from '../../support/collector-under-test.js';
import { startSiteUnderTest } from '../../support/site-under-test.js';
import { eventually, testTargets } from '../../support/test-env.js';
import { startWebUnderTest, tagQueueEmpty, type WebUnderTest } from '../../support/web-under-test.js';

/** The tag (collector/public/tag.js) in a real headless Chromium, on a page the collector serves. */
const unavailable = browserUnavailable();
if (unavailable) process.stdout.write(`[skip] the tag in a browser: ${unavailable}\n`);

interface TagApi {
  consent(granted: boolean): void;
  search(term: string): void;
  productView(id: string): void;
  flush(): Promise<void>;
}

describe.skipIf(unavailable !== undefined)('the tag in Chromium', () => {
  let web: WebUnderTest;

  beforeAll(async () => {
    web = await startWebUnderTest('tag');
  });

  afterAll(async () => {
    await web?.close();
  });

  it('sends its page view without cookies, then with consent sets them and sends the next events in that session', async () => {
    const { pipeline, collector, browser } = web;
    const context = await browser.newContext({ userAgent: DESKTOP_CHROME });
    const page = await context.newPage();
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/v1/events')) posts.push(request.postData() ?? '');
    });
    await page.goto(`${collector.url}/`);
    await tagQueueEmpty(page);
    expect(await context.cookies()).toEqual([]);
    const pageView = JSON.parse(posts[0] ?? '{}') as { consent?: boolean; events: { page_view_id: string; event_type: string }[] };
    expect(pageView.consent).toBeUndefined();
    expect(pageView.events.map((event) => event.event_type)).toEqual(['page_view']);
    const pageViewId = pageView.events[0]?.page_view_id ?? '';

    await page.evaluate(() => {
      const tag = (globalThis as unknown as { ecomTag: TagApi }).ecomTag;
      tag.consent(true);
      tag.search('desk lamp');
      tag.productView('P0001');
    });
    await tagQueueEmpty(page);
    const cookies = Object.fromEntries((await context.cookies()).map((cookie) => [cookie.name, cookie]));
    expect(Object.keys(cookies).sort()).toEqual(['ecom_pid', 'ecom_sid']);
    expect(cookies.ecom_sid?.httpOnly).toBe(true);
    const sessionId = cookies.ecom_sid?.value ?? '';

    const rows = await eventually(
      async () => {
        const found = await pipeline.query<Record<string, unknown>>(
          `SELECT event_type, session_id, page_view_id, device_family, browser_family, os_family, is_bot, search_term, product_id,
                  client_ts IS NOT NULL AS has_client_ts
           FROM user_events WHERE page_view_id = '${pageViewId}' ORDER BY ts, event_type`,
        );
        return found.length === 3 ? found : undefined;
      },
      60_000,
      'the three events of the page in user_events',
    );
    const common = { device_family: 'desktop', browser_family: 'Chrome', os_family: 'Windows', is_bot: false, has_client_ts: true };
    expect(rows.find((row) => row.event_type === 'page_view')).toMatchObject({ ...common, session_id: `anon-${pageViewId}` });
    expect(rows.find((row) => row.event_type === 'search')).toMatchObject({ ...common, session_id: sessionId, search_term: 'desk lamp' });
    expect(rows.find((row) => row.event_type === 'product_view')).toMatchObject({ ...common, session_id: sessionId, product_id: 'P0001' });
    await context.close();
  });

  it('sends no more than one request per batch interval, however many events the page signals', async () => {
    const { collector, browser } = web;
    const context = await browser.newContext({ userAgent: DESKTOP_CHROME });
    const page = await context.newPage();
    const postTimes: number[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/v1/events')) postTimes.push(Date.now());
    });
    await page.goto(`${collector.url}/`);
    const started = Date.now();
    await page.evaluate(() => {
      const tag = (globalThis as unknown as { ecomTag: TagApi }).ecomTag;
      for (let i = 0; i < 40; i++) tag.productView(`P${String(i).padStart(4, '0')}`);
    });
    await tagQueueEmpty(page);
    const elapsedIntervals = Math.ceil((Date.now() - started) / 1000);
    expect(postTimes.length).toBeGreaterThanOrEqual(1);
    expect(postTimes.length).toBeLessThanOrEqual(elapsedIntervals + 1);
    await context.close();
  });

  it('keeps what a page signals while the collector is stopped, across a reload, and delivers each event once when it returns', async () => {
    const { pipeline, browser } = web;
    const site = await startSiteUnderTest();
    let collector: CollectorUnderTest | undefined = await startCollectorUnderTest(pipeline.env, { allowedOrigins: [site.url] });
    site.pointAt(collector.url);
    const port = Number(new URL(collector.url).port);
    const context = await browser.newContext({ userAgent: DESKTOP_CHROME });
    try {
      const page = await context.newPage();
      const sent: string[] = [];
      let failedSends = 0;
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith('/v1/events')) sent.push(request.postData() ?? '');
      });
      page.on('requestfailed', (request) => {
        if (request.url().endsWith('/v1/events')) failedSends += 1;
      });
      await page.goto(`${site.url}/`);
      await tagQueueEmpty(page);
      const firstPageView = (JSON.parse(sent[0] ?? '{}') as { events?: { event_id: string }[] }).events?.[0]?.event_id ?? '';
      expect(firstPageView).not.toBe('');

      await collector.close({ keepTopics: true });
      collector = undefined;
      await page.evaluate(() => {
        const tag = (globalThis as unknown as { ecomTag: TagApi }).ecomTag;
        for (let i = 0; i < 12; i++) tag.productView(`P${String(i).padStart(4, '0')}`);
      });
      await eventually(async () => (failedSends > 0 ? true : undefined), 30_000, 'a send to the stopped collector to fail');
      // The site still serves its page: after a reload the tag starts from what localStorage kept.
      await page.reload();
      await page.waitForFunction(() => 'ecomTag' in globalThis);
      const queuedIds = await page.evaluate(() =>
        (JSON.parse(localStorage.getItem('ecom_tag_queue') ?? '{}') as { events: { event_id: string }[] }).events.map((e) => e.event_id),
      );
      expect(queuedIds).toHaveLength(13); // the 12 product views and the new page view
      const failedBefore = failedSends;
      await eventually(async () => (failedSends > failedBefore ? true : undefined), 30_000, 'the reloaded page to fail a send too');

      collector = await startCollectorUnderTest(pipeline.env, { allowedOrigins: [site.url] }, port);
      await tagQueueEmpty(page);
      const ids = [firstPageView, ...queuedIds];
      const list = ids.map((id) => `'${id}'`).join(', ');
      const landed = await eventually(
        async () => {
          const rows = await pipeline.query<{ n: string }>(`SELECT count(*) AS n FROM user_events WHERE event_id IN (${list})`);
          return Number(rows[0]?.n) === ids.length ? ids.length : undefined;
        },
        60_000,
        `the ${ids.length} events in user_events`,
      );
      expect(landed).toBe(14);
      // In the topic too, each exactly once (the warehouse's upsert would hide a resent one).
      const kafka = createKafka({ brokers: testTargets().kafkaBrokers, clientId: 'it-tag-outage' });
      const wanted = new Set(ids);
      const written = (await readAllRecords(kafka, topicOf('clickstream', pipeline.suffix)))
        .map((record) => keyOfValue(record.value, ['event_id']))
        .filter((id) => id !== undefined && wanted.has(id));
      expect(written.sort()).toEqual([...ids].sort());
    } finally {
      await context.close();
      await collector?.close({ keepTopics: true });
      await site.close();
    }
  });
});
