/**
 * The demo shop's pages (built into collector/public/shop/shop.js by `npm run tag:build`): catalogue,
 * search, product, cart, checkout and feedback, on the collector's own API, signalling the shopper's
 * steps through the tag (window.ecomTag). Plain DOM, no framework.
 */
import { uuidFrom } from '../tag/tag-core.js';

interface Product {
  readonly product_id: string;
  readonly name: string;
  readonly category: string;
  readonly brand: string;
  readonly unit_price: string;
}
interface CartLine {
  product_id: string;
  quantity: number;
}
interface Tag {
  consent(granted: boolean): void;
  productView(id: string): void;
  search(term: string): void;
  addToCart(id: string): void;
  removeFromCart(id: string): void;
  checkoutStart(): void;
  purchase(orderId: string): void;
  flush(): Promise<void>;
}

const tag = (): Tag | undefined => (window as unknown as { ecomTag?: Tag }).ecomTag;
const CART_KEY = 'ecom_shop_cart';
const CONSENT_KEY = 'ecom_shop_consent';
const main = document.querySelector('main') as HTMLElement;
const params = new URLSearchParams(location.search);
const page = document.body.dataset.page ?? 'catalogue';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
const cart = (): CartLine[] => JSON.parse(localStorage.getItem(CART_KEY) ?? '[]') as CartLine[];
const saveCart = (lines: CartLine[]) => localStorage.setItem(CART_KEY, JSON.stringify(lines));
const randomId = () => Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
const cents = (price: string) => Math.round(Number(price) * 100);
const money = (c: number) => (c / 100).toFixed(2);

async function catalogue(): Promise<Product[]> {
  const response = await fetch('/v1/catalogue');
  return ((await response.json()) as { products: Product[] }).products;
}

function consentBanner(): void {
  if (localStorage.getItem(CONSENT_KEY)) return;
  const banner = document.createElement('div');
  banner.className = 'consent';
  banner.innerHTML =
    '<span>This shop would like to use cookies to follow your visit.</span> <button id="consent-yes">Accept</button> <button id="consent-no">Decline</button>';
  document.body.prepend(banner);
  const answer = (granted: boolean) => {
    localStorage.setItem(CONSENT_KEY, granted ? 'granted' : 'denied');
    tag()?.consent(granted);
    banner.remove();
  };
  banner.querySelector('#consent-yes')?.addEventListener('click', () => answer(true));
  banner.querySelector('#consent-no')?.addEventListener('click', () => answer(false));
}

function productCard(product: Product): string {
  return `<li class="card"><a href="product.html?id=${product.product_id}">${escapeHtml(product.name)}</a><span class="brand">${escapeHtml(product.brand)} · ${escapeHtml(product.category)}</span><span class="price">$${product.unit_price}</span></li>`;
}

async function showCatalogue(): Promise<void> {
  const products = await catalogue();
  const term = params.get('q')?.trim() ?? '';
  if (term) tag()?.search(term);
  const shown = term
    ? products.filter((product) => `${product.name} ${product.brand} ${product.category}`.toLowerCase().includes(term.toLowerCase()))
    : products.slice(0, 24);
  main.innerHTML = `<h1>${term ? `Results for “${escapeHtml(term)}”` : 'Our products'}</h1><p class="count">${shown.length} product(s)</p><ul class="grid">${shown.slice(0, 48).map(productCard).join('')}</ul>`;
}

async function showProduct(): Promise<void> {
  const id = params.get('id') ?? '';
  const product = (await catalogue()).find((candidate) => candidate.product_id === id);
  if (!product) {
    main.innerHTML = '<h1>No such product</h1><p><a href="index.html">Back to the shop</a></p>';
    return;
  }
  tag()?.productView(product.product_id);
  main.innerHTML = `<h1>${escapeHtml(product.name)}</h1><p class="brand">${escapeHtml(product.brand)} · ${escapeHtml(product.category)}</p><p class="price">$${product.unit_price}</p><button id="add">Add to cart</button><p id="added" hidden>Added. <a href="cart.html">See your cart</a></p>`;
  main.querySelector('#add')?.addEventListener('click', () => {
    const lines = cart();
    const line = lines.find((candidate) => candidate.product_id === product.product_id);
    if (line) line.quantity += 1;
    else lines.push({ product_id: product.product_id, quantity: 1 });
    saveCart(lines);
    tag()?.addToCart(product.product_id);
    (main.querySelector('#added') as HTMLElement).hidden = false;
  });
}

async function showCart(): Promise<void> {
  const products = new Map((await catalogue()).map((product) => [product.product_id, product]));
  const lines = cart().filter((line) => products.has(line.product_id));
  const total = lines.reduce((sum, line) => sum + cents(products.get(line.product_id)?.unit_price ?? '0') * line.quantity, 0);
  main.innerHTML = lines.length
    ? `<h1>Your cart</h1><table><tbody>${lines
        .map((line) => {
          const product = products.get(line.product_id) as Product;
          return `<tr><td>${escapeHtml(product.name)}</td><td>${line.quantity} × $${product.unit_price}</td><td><button data-remove="${line.product_id}">Remove</button></td></tr>`;
        })
        .join(
          '',
        )}</tbody></table><p class="total">Total $${money(total)}</p><a class="button" id="checkout" href="checkout.html">Checkout</a>`
    : '<h1>Your cart is empty</h1><p><a href="index.html">Back to the shop</a></p>';
  for (const button of main.querySelectorAll<HTMLButtonElement>('[data-remove]')) {
    button.addEventListener('click', () => {
      const id = button.dataset.remove ?? '';
      saveCart(cart().filter((line) => line.product_id !== id));
      tag()?.removeFromCart(id);
      void showCart();
    });
  }
}

function showCheckout(): void {
  const lines = cart();
  if (lines.length === 0) {
    main.innerHTML = '<h1>Your cart is empty</h1><p><a href="index.html">Back to the shop</a></p>';
    return;
  }
  tag()?.checkoutStart();
  main.innerHTML = `<h1>Checkout</h1><form id="order"><label>City <input name="city" required maxlength="100"></label><label>Payment <select name="payment_method"><option value="card">Card</option><option value="paypal">PayPal</option><option value="bank_transfer">Bank transfer</option></select></label><button type="submit">Place the order</button></form><p id="result" role="status"></p>`;
  const form = main.querySelector('#order') as HTMLFormElement;
  const orderId = `W${randomId()}`;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const result = main.querySelector('#result') as HTMLElement;
    const response = await fetch('/v1/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ order_id: orderId, city: data.get('city'), payment_method: data.get('payment_method'), lines }),
    });
    const answer = (await response.json()) as { total?: string; error?: string };
    if (!response.ok) {
      result.textContent = answer.error ?? `The order failed (${response.status}); please try again.`;
      return;
    }
    tag()?.purchase(orderId);
    await tag()?.flush();
    saveCart([]);
    main.innerHTML = `<h1>Thank you!</h1><p id="confirmation">Order <strong id="order-id">${orderId}</strong>, total $${answer.total}.</p><p><a href="feedback.html">Tell us how it went</a></p>`;
  });
}

function showFeedback(): void {
  main.innerHTML = `<h1>How did we do?</h1><form id="feedback"><label>Feature <select name="feature"><option value="search">Search</option><option value="product_pages">Product pages</option><option value="checkout">Checkout</option><option value="payment">Payment</option><option value="delivery">Delivery</option></select></label><fieldset><legend>Rating</legend>${[
    1, 2, 3, 4, 5,
  ]
    .map((n) => `<label><input type="radio" name="rating" value="${n}" required> ${n}</label>`)
    .join(
      '',
    )}</fieldset><label>Comment <textarea name="comment" maxlength="2000"></textarea></label><button type="submit">Send</button></form><p id="result" role="status"></p>`;
  const form = main.querySelector('#feedback') as HTMLFormElement;
  const feedbackId = uuidFrom(crypto.getRandomValues(new Uint8Array(16)));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const response = await fetch('/v1/feedback', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        feedback_id: feedbackId,
        feature: data.get('feature'),
        rating: Number(data.get('rating')),
        comment: String(data.get('comment') ?? ''),
      }),
    });
    const answer = (await response.json()) as { error?: string };
    if (!response.ok) {
      (main.querySelector('#result') as HTMLElement).textContent = answer.error ?? 'Please try again.';
      return;
    }
    main.innerHTML = '<h1>Thank you for your feedback!</h1><p id="thanks"><a href="index.html">Back to the shop</a></p>';
  });
}

consentBanner();
const pages: Record<string, () => unknown> = {
  catalogue: showCatalogue,
  product: showProduct,
  cart: showCart,
  checkout: showCheckout,
  feedback: showFeedback,
};
void pages[page]?.();
