import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable } from '../support/browser.js';
import { DESKTOP_CHROME } from '../support/collector-under-test.js';
import { pgConnectors } from '../support/pipeline-under-test.js';
import { eventually } from '../support/test-env.js';
import { startWebUnderTest, tagQueueEmpty, type WebUnderTest } from '../support/web-under-test.js';

/** A scripted shopper in headless Chromium on the demo shop: every step ends in the warehouse. */
const unavailable = browserUnavailable();
if (unavailable) process.stdout.write(`[skip] the demo shop in a browser: ${unavailable}\n`);

describe.skipIf(unavailable !== undefined)('the demo shop in Chromium', () => {
  let web: WebUnderTest;

  beforeAll(async () => {
    web = await startWebUnderTest('shop');
  });

  afterAll(async () => {
    await web?.close();
  });

  it('browses, searches, adds two products, checks out and rates: the session, the order and the feedback land', async () => {
    const { pipeline, collector, browser } = web;
    const context = await browser.newContext({ userAgent: DESKTOP_CHROME });
    const page = await context.newPage();
    const shop = `${collector.url}/shop`;
    await page.goto(`${shop}/index.html`);
    // The first page view leaves before the shopper answers the banner: without consent, outside the session.
    await tagQueueEmpty(page);
    expect(await context.cookies()).toEqual([]);
    await page.click('#consent-yes');
    const catalogue = (await (await fetch(`${collector.url}/v1/catalogue`)).json()) as {
      products: { product_id: string; name: string; category: string; unit_price: string }[];
    };
    const term = catalogue.products[0]?.category ?? 'Electronics';
    const chosen: string[] = [];
    for (const index of [0, 1]) {
      await page.fill('input[name=q]', term);
      await page.press('input[name=q]', 'Enter');
      await page.waitForSelector('.grid .card a');
      const link = page.locator('.grid .card a').nth(index);
      chosen.push(new URL(String(await link.getAttribute('href')), shop).searchParams.get('id') ?? '');
      await link.click();
      await page.click('#add');
      await page.waitForSelector('#added:not([hidden])');
    }
    await page.goto(`${shop}/cart.html`);
    await page.click('#checkout');
    await page.fill('input[name=city]', 'Lyon');
    await page.click('form#order button[type=submit]');
    const orderId = (await page.locator('#order-id').textContent({ timeout: 30_000 })) ?? '';
    expect(orderId).toMatch(/^W[0-9a-f]{16}$/);
    await page.goto(`${shop}/feedback.html`);
    await page.selectOption('select[name=feature]', 'checkout');
    await page.check('input[name=rating][value="5"]');
    const comment = `Easy checkout ${orderId}`;
    await page.fill('textarea[name=comment]', comment);
    await page.click('form#feedback button[type=submit]');
    await page.waitForSelector('#thanks');
    await tagQueueEmpty(page);
    const cookies = await context.cookies();
    const sessionId = cookies.find((cookie) => cookie.name === 'ecom_sid')?.value ?? '';
    const partyId = cookies.find((cookie) => cookie.name === 'ecom_pid')?.value ?? '';
    /** On a timeout: what the browser's party holds, session by session (a split session shows here), and the sinks' tasks. */
    const diagnosis = async () => {
      const sessions = await pipeline.query(
        `SELECT session_id, string_agg(event_type, ',' ORDER BY client_ts, event_id) AS events FROM user_events WHERE party_id = '${partyId}' GROUP BY session_id`,
      );
      const tasks = await Promise.all(
        pgConnectors().map(async (name) => `${name}: ${(await pipeline.connect.status(name)).tasks.map((task) => task.state).join(',')}`),
      );
      return `session ${sessionId}; the party's sessions: ${JSON.stringify(sessions)}; sink tasks: ${tasks.join('; ')}`;
    };

    // The session's clickstream: every step, in order, with the enrichment fields.
    const events = await eventually(
      async () => {
        const rows = await pipeline.query<{
          event_type: string;
          product_id: string | null;
          order_id: string | null;
          browser_family: string;
        }>(
          `SELECT event_type, product_id, order_id, browser_family FROM user_events WHERE session_id = '${sessionId}' ORDER BY client_ts, event_id`,
        );
        return rows.length >= 15 ? rows : undefined;
      },
      60_000,
      "the session's 15 events",
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}; ${await diagnosis()}`);
    });
    const types = events.map((event) => event.event_type);
    const counts = Object.fromEntries([...new Set(types)].map((type) => [type, types.filter((t) => t === type).length]));
    expect(counts).toEqual({ page_view: 7, search: 2, product_view: 2, add_to_cart: 2, checkout_start: 1, purchase: 1 });
    expect(types.indexOf('purchase')).toBeGreaterThan(types.indexOf('checkout_start'));
    expect(types.indexOf('checkout_start')).toBeGreaterThan(types.lastIndexOf('add_to_cart'));
    expect(events.filter((event) => event.event_type === 'add_to_cart').map((event) => event.product_id)).toEqual(chosen);
    expect(events.find((event) => event.event_type === 'purchase')?.order_id).toBe(orderId);
    expect(new Set(events.map((event) => event.browser_family))).toEqual(new Set(['Chrome']));

    // The order's lines, at catalogue prices; and the feedback.
    const prices = new Map(catalogue.products.map((product) => [product.product_id, product.unit_price]));
    const lines = await eventually(
      async () => {
        const rows = await pipeline.query<{ product_id: string; quantity: number; unit_price: string }>(
          `SELECT product_id, quantity, unit_price::text FROM sales_lines WHERE order_id = '${orderId}' ORDER BY line_no`,
        );
        return rows.length === 2 ? rows : undefined;
      },
      60_000,
      'the order lines',
    );
    expect(lines).toEqual(chosen.map((id) => ({ product_id: id, quantity: 1, unit_price: prices.get(id) })));
    const feedback = await eventually(
      async () => {
        const rows = await pipeline.query<{ feature: string; rating: number }>(
          `SELECT feature, rating FROM feedback WHERE comment = '${comment}'`,
        );
        return rows.length === 1 ? rows : undefined;
      },
      60_000,
      'the feedback row',
    );
    expect(feedback).toEqual([{ feature: 'checkout', rating: 5 }]);

    const check = await eventually(
      async () => {
        const result = await pipeline.check();
        return result.ok ? result : undefined;
      },
      60_000,
      'pipeline:check to be clean',
    );
    expect(check.ok).toBe(true);
    await context.close();
  });

  it('with consent declined sets no cookie on any page, and the visit lands unlinked: each page its own anonymous session', async () => {
    const { pipeline, collector, browser } = web;
    const context = await browser.newContext({ userAgent: DESKTOP_CHROME });
    const page = await context.newPage();
    const setCookies: string[] = [];
    const bodies: { consent?: boolean; events: { event_id: string; event_type: string }[] }[] = [];
    page.on('response', async (response) => {
      const header = await response.headerValue('set-cookie');
      if (header) setCookies.push(`${response.url()}: ${header}`);
    });
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/v1/events')) bodies.push(JSON.parse(request.postData() ?? '{}'));
    });
    const shop = `${collector.url}/shop`;
    await page.goto(`${shop}/index.html`);
    await page.click('#consent-no');
    await page.fill('input[name=q]', 'a');
    await page.press('input[name=q]', 'Enter');
    await page.waitForSelector('.grid .card a');
    await page.locator('.grid .card a').first().click();
    await page.click('#add');
    await page.waitForSelector('#added:not([hidden])');
    await page.goto(`${shop}/cart.html`);
    await page.click('#checkout');
    await page.fill('input[name=city]', 'Porto');
    await page.click('form#order button[type=submit]');
    const orderId = (await page.locator('#order-id').textContent({ timeout: 30_000 })) ?? '';
    await tagQueueEmpty(page);

    expect(setCookies).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    expect(bodies.filter((body) => body.consent !== undefined)).toEqual([]);
    const ids = bodies.flatMap((body) => body.events.map((event) => event.event_id));
    expect(new Set(ids).size).toBe(ids.length);
    const list = ids.map((id) => `'${id}'`).join(', ');
    const rows = await eventually(
      async () => {
        const found = await pipeline.query<{ event_type: string; order_id: string | null; linked: boolean }>(
          `SELECT event_type, order_id, (session_id = 'anon-' || page_view_id AND party_id = session_id) AS linked
           FROM user_events WHERE event_id IN (${list}) ORDER BY client_ts`,
        );
        return found.length === ids.length ? found : undefined;
      },
      60_000,
      `the visit's ${ids.length} events`,
    );
    expect(rows.every((row) => row.linked)).toBe(true);
    expect(rows.find((row) => row.event_type === 'purchase')?.order_id).toBe(orderId);
    const lines = await eventually(
      async () => {
        const found = await pipeline.query<{ customer_id: string }>(`SELECT customer_id FROM sales_lines WHERE order_id = '${orderId}'`);
        return found.length === 1 ? found : undefined;
      },
      60_000,
      "the anonymous order's line",
    );
    expect(lines).toEqual([{ customer_id: `guest-${orderId}` }]);
    await context.close();
  });
});
