-- Hourly session rollup that the clickstream KPIs read (funnel, sessions per day, cart abandonment;
-- sql/KPIS.md, "Rollups"): one row per session and hour it had events in, with the funnel steps it
-- reached in that hour as bits (page_view 1, product_view 2, add_to_cart 4, checkout_start 8,
-- purchase 16). `npm run rollups:refresh` recomputes whole hours from user_events, together with the
-- sales rollups; a recomputed hour's rows replace the earlier ones (ReplacingMergeTree, read with FINAL).
--
-- Distinct sessions without a distinct count: each row also holds the session's previous hour with any
-- event (prev_any), with each step (prev_<step>) and with a cart or a purchase (prev_cart_or_purchase),
-- 1970 when there is none. Over a window of whole hours [A, B), the sessions with a step are then the
-- rows in it with that step whose previous hour with it lies before A: exactly one per session, its
-- first in the window. The refresh recomputes these columns for every later hour of a session that
-- received events, so a late event keeps them right.

CREATE TABLE IF NOT EXISTS session_hours (
  hour DateTime('UTC'),
  session_id String,
  steps UInt8,
  prev_any DateTime('UTC'),
  prev_page_view DateTime('UTC'),
  prev_product_view DateTime('UTC'),
  prev_add_to_cart DateTime('UTC'),
  prev_checkout_start DateTime('UTC'),
  prev_purchase DateTime('UTC'),
  prev_cart_or_purchase DateTime('UTC'),
  refreshed_at DateTime64(3, 'UTC') DEFAULT now64(3),
  -- The KPIs look up the few sessions that also have events outside the rollup's hours.
  INDEX session_id_bloom session_id TYPE bloom_filter GRANULARITY 1
)
ENGINE = ReplacingMergeTree(refreshed_at)
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, session_id);
