import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildShop, buildTag, SHOP_OUTPUT, TAG_OUTPUT } from '../../../collector/tag/build-tag.js';

describe('the built tag (collector/public/tag.js)', () => {
  it('is what npm run tag:build makes of collector/tag/ (and the shop script of collector/shop/), and stays under 5 KB gzipped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tag-'));
    try {
      const built = await buildTag(join(dir, 'tag.js'));
      expect(readFileSync(TAG_OUTPUT, 'utf8'), 'collector/public/tag.js is stale: run npm run tag:build').toBe(
        readFileSync(join(dir, 'tag.js'), 'utf8'),
      );
      expect(built.gzipBytes).toBeLessThanOrEqual(5120);
      await buildShop(join(dir, 'shop.js'));
      expect(readFileSync(SHOP_OUTPUT, 'utf8'), 'collector/public/shop/shop.js is stale: run npm run tag:build').toBe(
        readFileSync(join(dir, 'shop.js'), 'utf8'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
