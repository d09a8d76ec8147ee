import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from '../../lib/repo-root.js';

/**
 * A website of its own (another origin than the collector), as a shop that embeds the tag has: it
 * serves one page and the built tag (collector/public/tag.js), pointed with data-collector at a
 * collector. It keeps serving while the collector is stopped.
 */
export async function startSiteUnderTest() {
  const tag = readFileSync(join(REPO_ROOT, 'collector', 'public', 'tag.js'));
  const site = { collectorUrl: '' };
  const server = createServer((request, response) => {
    if (request.url === '/tag.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(tag);
      return;
    }
    if (request.url === '/' || request.url?.startsWith('/?')) {
      response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Another site</title><script src="/tag.js" data-collector="${site.collectorUrl}" defer></script></head><body><p>A page that carries the tag.</p></body></html>`,
        );
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    /** Where the page's tag sends (set once the collector runs). */
    pointAt(collectorUrl: string) {
      site.collectorUrl = collectorUrl;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
