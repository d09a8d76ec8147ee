import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { say } from '../lib/cli/run-cli.js';
import { loadConfig } from '../lib/config/load-config.js';
import { REPO_ROOT } from '../lib/repo-root.js';
import { startCollector } from './start-collector.js';

/**
 * `npm run docs:shop-screenshots`: the README's pictures of the demo shop, taken in headless Chromium
 * (CHROMIUM_PATH, default Debian's /usr/bin/chromium) from a collector on a free port. Needs Kafka
 * (npm run stack:up): the shop's clicks are sent like any other, into TOPIC_SUFFIX's topics.
 */
const IMAGES = join(REPO_ROOT, 'collector', 'images');
const config = loadConfig();
const collector = await startCollector(config, { host: '127.0.0.1', port: 0 }, () => undefined);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
try {
  mkdirSync(IMAGES, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1100, height: 720 }, deviceScaleFactor: 1 });
  await page.goto(`${collector.shopUrl}index.html`);
  await page.waitForSelector('.grid .card a');
  await page.screenshot({ path: join(IMAGES, 'shop-catalogue.png') });
  await page.click('#consent-yes');
  await page.locator('.grid .card a').first().click();
  await page.click('#add');
  await page.waitForSelector('#added:not([hidden])');
  await page.goto(`${collector.shopUrl}feedback.html`);
  await page.waitForSelector('form#feedback');
  await page.selectOption('select[name=feature]', 'checkout');
  await page.check('input[name=rating][value="5"]');
  await page.fill('textarea[name=comment]', 'Quick checkout, clear prices.');
  await page.screenshot({ path: join(IMAGES, 'shop-feedback.png') });
  say(`Wrote ${join('collector', 'images')}/shop-catalogue.png and shop-feedback.png.`);
} finally {
  await browser.close();
  await collector.close();
}
