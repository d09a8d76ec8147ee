import {
  batchBody,
  enqueue,
  nextBatch,
  outcomeOf,
  type Queue,
  restoreQueue,
  retryDelayMs,
  serializeQueue,
  settle,
  type TagEvent,
  uuidFrom,
} from './tag-core.js';

/**
 * The page tag (built into collector/public/tag.js by `npm run tag:build`). On a page:
 *   <script src="/tag.js" data-batch-ms="1000" defer></script>
 * then `ecomTag.signal(type, params)`, or the helpers (productView, search, addToCart, …). A page view is
 * sent by itself. Events are batched (one request per batch interval at most), sent with
 * navigator.sendBeacon when the page is hidden, retried with backoff on 503 or network errors, and kept
 * in localStorage (bounded) while the collector is unreachable, so a reload loses nothing.
 * Consent: `ecomTag.consent(true)` lets the collector set its cookies (COLLECTOR_CONSENT=required).
 */
interface Params {
  readonly product_id?: string;
  readonly order_id?: string;
  readonly search_term?: string;
}

const QUEUE_KEY = 'ecom_tag_queue';
const CONSENT_KEY = 'ecom_tag_consent';
const script = document.currentScript as HTMLScriptElement | null;
const endpoint = `${script?.dataset.collector ?? (script ? new URL(script.src).origin : location.origin)}/v1/events`;
const batchMs = Number(script?.dataset.batchMs ?? 1000) || 1000;

const randomId = () => uuidFrom(crypto.getRandomValues(new Uint8Array(16)));
const stored = (key: string) => {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
};
const store = (key: string, value: string) => {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage full or blocked: the queue still lives in memory.
  }
};

let queue: Queue = restoreQueue(stored(QUEUE_KEY));
let consent = stored(CONSENT_KEY) === 'granted';
let customerId: string | null = null;
let sending = false;
let attempt = 0;
let notBefore = 0;
const pageViewId = randomId().replaceAll('-', '');

function save(next: Queue): void {
  queue = next;
  store(QUEUE_KEY, serializeQueue(queue));
}

function signal(type: string, params: Params = {}): void {
  const event: TagEvent = {
    event_id: randomId(),
    event_type: type,
    page_view_id: pageViewId,
    page_url: location.href,
    client_ts: new Date().toISOString(),
    referrer: document.referrer || null,
    ...params,
  };
  save(enqueue(queue, event));
}

async function flush(): Promise<void> {
  if (sending || queue.events.length === 0 || Date.now() < notBefore) return;
  const batch = nextBatch(queue);
  sending = true;
  let status: number | undefined;
  let retryAfter: number | undefined;
  try {
    const response = await fetch(endpoint, {
      method: 'POST',
      // text/plain: a "simple" request, no CORS preflight (as sendBeacon sends it).
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify(batchBody(batch, consent, customerId)),
      credentials: 'include',
      keepalive: true,
    });
    status = response.status;
    retryAfter = Number(response.headers.get('retry-after') ?? undefined);
    if (outcomeOf(status) === 'refused') console.warn('ecomTag: the collector refused a batch:', await response.text());
  } catch {
    status = undefined;
  } finally {
    sending = false;
  }
  if (outcomeOf(status) === 'retry') {
    attempt += 1;
    notBefore = Date.now() + retryDelayMs(attempt, retryAfter, Math.random);
    return;
  }
  attempt = 0;
  save(settle(queue, batch));
}

/** When the page goes away: what is queued leaves by beacon (and stays queued: a resend is harmless). */
function beacon(): void {
  if (queue.events.length === 0 || !navigator.sendBeacon) return;
  const body = JSON.stringify(batchBody(nextBatch(queue), consent, customerId));
  navigator.sendBeacon(endpoint, new Blob([body], { type: 'text/plain;charset=UTF-8' }));
}

const api = {
  signal,
  flush,
  consent(granted: boolean): void {
    consent = granted;
    store(CONSENT_KEY, granted ? 'granted' : 'denied');
  },
  identify(id: string | null): void {
    customerId = id;
  },
  productView: (productId: string) => signal('product_view', { product_id: productId }),
  search: (term: string) => signal('search', { search_term: term }),
  addToCart: (productId: string) => signal('add_to_cart', { product_id: productId }),
  removeFromCart: (productId: string) => signal('remove_from_cart', { product_id: productId }),
  checkoutStart: () => signal('checkout_start'),
  purchase: (orderId: string) => signal('purchase', { order_id: orderId }),
  /** How many events wait, and how many were dropped because the queue was full. */
  pending: () => ({ queued: queue.events.length, dropped: queue.dropped }),
};

(window as unknown as { ecomTag: typeof api }).ecomTag = api;
signal('page_view');
setInterval(() => void flush(), batchMs);
addEventListener('pagehide', beacon);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') beacon();
});
