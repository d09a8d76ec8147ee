/* Generated from schemas/*.schema.json by `npm run schemas:types`. Do not edit: change the schema and regenerate. */

/**
 * One order line (the fact grain), with the order's fields denormalised. Topic sales_events, key order_id.
 */
export interface SalesEvent {
/**
 * UUID of this event.
 */
event_id: string
/**
 * The order this line belongs to.
 */
order_id: string
/**
 * 1-based position of the line in its order.
 */
line_no: number
/**
 * When the order was placed, UTC with milliseconds.
 */
order_ts: string
customer_id: string
/**
 * True when the customer had ordered before.
 */
is_returning_customer: boolean
/**
 * ISO 3166-1 alpha-2 code; ZZ when unknown.
 */
country: string
city: string
channel: ("web" | "mobile" | "marketplace")
device: ("desktop" | "mobile" | "tablet")
payment_method: ("card" | "paypal" | "apple_pay" | "google_pay" | "bank_transfer" | "gift_card")
/**
 * ISO 4217; the store sells in one currency.
 */
currency: string
product_id: string
sku: string
product_name: string
category: string
brand: string
quantity: number
/**
 * Exact money, 2 places, >= 0.
 */
unit_price: string
/**
 * Discount on the whole line, >= 0.
 */
discount: string
/**
 * quantity × unit_price − discount, exactly.
 */
line_total: string
utm_source: (string | null)
}

/**
 * One clickstream event. Topic user-events, key session_id. The collector (browsers) and the generator emit this shape; fields added after the first version are optional (null when absent), so older records stay valid.
 */
export interface UserEvent {
event_id: string
session_id: string
/**
 * Browser id (first-party cookie).
 */
party_id: string
/**
 * Set once the visitor is known.
 */
customer_id: (string | null)
event_type: ("page_view" | "product_view" | "search" | "add_to_cart" | "remove_from_cart" | "checkout_start" | "purchase")
/**
 * When the event happened: the collector's clock when it received it (the generator: the simulated time).
 */
ts: string
page_url: string
referrer: (string | null)
utm_source: (string | null)
utm_medium: (string | null)
utm_campaign: (string | null)
product_id: (string | null)
/**
 * Set on purchase events: the order whose lines are in sales_events.
 */
order_id: (string | null)
user_agent: string
/**
 * ISO 3166-1 alpha-2 code; ZZ when unknown (no trusted proxy header, or one the collector cannot read).
 */
country: string
/**
 * When the browser says the event happened (its own clock, which may be wrong); ts is when the collector received it. Null from sources without a browser.
 */
client_ts?: (string | null)
/**
 * Id of the page view the event happened in, made in the browser: events of one page share it.
 */
page_view_id?: (string | null)
/**
 * From the user agent: desktop, mobile, tablet, tv, bot or other.
 */
device_family?: (string | null)
/**
 * From the user agent, e.g. Windows, iOS, Android.
 */
os_family?: (string | null)
/**
 * From the user agent, e.g. Chrome, Safari, Firefox.
 */
browser_family?: (string | null)
/**
 * The user agent is a known bot or crawler (the collector flags, or drops, them).
 */
is_bot?: (boolean | null)
/**
 * What was searched, on search events.
 */
search_term?: (string | null)
}

/**
 * A rating of one store feature. Topic feedback, key feedback_id.
 */
export interface Feedback {
feedback_id: string
ts: string
customer_id: (string | null)
feature: ("search" | "product_pages" | "checkout" | "payment" | "delivery" | "mobile_app" | "customer_service")
rating: number
comment: string
}
