import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable } from '../../support/browser.js';
import { DESKTOP_CHROME } from '../../support/collector-under-test.js';
import { eventually } from '../../support/test-env.js';
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
});
