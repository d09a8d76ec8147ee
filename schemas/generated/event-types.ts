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
 * ISO 3166-1 alpha-2.
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
 * One clickstream event. Topic user-events, key session_id. Browser capture will emit this same shape.
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
country: string
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
