import type { FastifyInstance } from 'fastify';

/**
 * The demo shop's pages: one HTML shell, served at /shop/<page>.html, in which collector/shop/shop.ts
 * (built to /shop/shop.js) renders the page its `data-page` names. The script and the stylesheet are
 * static files in collector/public/shop/.
 */
export const SHOP_PAGES = {
  index: { page: 'catalogue', title: 'Shop' },
  product: { page: 'product', title: 'Product' },
  cart: { page: 'cart', title: 'Cart' },
  checkout: { page: 'checkout', title: 'Checkout' },
  feedback: { page: 'feedback', title: 'Feedback' },
} as const;

export const shopPageHtml = (page: string, title: string): string => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} · Demo shop</title>
    <link rel="stylesheet" href="shop.css" />
    <script src="/tag.js" defer></script>
    <script src="shop.js" defer></script>
  </head>
  <body data-page="${page}">
    <header>
      <a class="logo" href="index.html">Demo shop</a>
      <search><form action="index.html"><input name="q" type="search" placeholder="Search products" aria-label="Search" /><button type="submit">Search</button></form></search>
      <nav><a href="cart.html">Cart</a> <a href="feedback.html">Feedback</a></nav>
    </header>
    <main><p>Loading…</p></main>
    <footer>A demo of the pipeline's collector: every click here becomes a row in the warehouse.</footer>
  </body>
</html>
`;

export function registerShopPages(app: FastifyInstance): void {
  for (const [file, { page, title }] of Object.entries(SHOP_PAGES)) {
    const html = shopPageHtml(page, title);
    app.get(`/shop/${file}.html`, async (_request, reply) => reply.type('text/html; charset=utf-8').send(html));
  }
  app.get('/shop/', async (_request, reply) => reply.redirect('/shop/index.html'));
}
