import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { startCollectorUnderTest } from './collector-under-test.js';
import { startPipelineUnderTest } from './pipeline-under-test.js';
import { eventually } from './test-env.js';

/** What a browser test needs: the PostgreSQL pipeline, a collector writing into it, and Chromium. */
export async function startWebUnderTest(label: string) {
  const work = mkdtempSync(join(tmpdir(), `it-${label}-`));
  const pipeline = await startPipelineUnderTest(label, work);
  const collector = await startCollectorUnderTest(pipeline.env);
  const browser = await launchBrowser();
  return {
    pipeline,
    collector,
    browser,
    async close() {
      await browser.close();
      await collector.close();
      await pipeline.cleanup();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

export type WebUnderTest = Awaited<ReturnType<typeof startWebUnderTest>>;

/** How many events the page's tag still holds (window.ecomTag.pending()). */
const queuedOn = (page: Page): Promise<number> =>
  page.evaluate(() => (globalThis as unknown as { ecomTag: { pending(): { queued: number } } }).ecomTag.pending().queued);

/** Waits until the page's tag has sent everything it queued. */
export const tagQueueEmpty = (page: Page): Promise<true> =>
  eventually(async () => ((await queuedOn(page)) === 0 ? true : undefined), 30_000, 'the tag to send what it queued');
