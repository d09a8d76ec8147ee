-- Recomputes the rollups for the whole hours in [@from, @to): the sales rollups from sales_lines FINAL
-- (one row per key, whatever was redelivered), the session rollup from user_events. The rows get a
-- newer refreshed_at than any before, so they replace the hours' earlier rows (ReplacingMergeTree; the
-- KPIs read them with FINAL).

INSERT INTO sales_hourly_markets (hour, channel, country, revenue, orders, units, lines, refreshed_at)
SELECT toStartOfHour(order_ts) AS h, channel, country, sum(line_total), countIf(line_no = 1), sum(quantity), count(), now64(3)
FROM sales_lines FINAL
WHERE order_ts >= @from AND order_ts < @to
GROUP BY h, channel, country;

INSERT INTO sales_hourly_products (hour, product_id, product_name, category, revenue, units, lines, refreshed_at)
SELECT toStartOfHour(order_ts) AS h, product_id, product_name, category, sum(line_total), sum(quantity), count(), now64(3)
FROM sales_lines FINAL
WHERE order_ts >= @from AND order_ts < @to
GROUP BY h, product_id, product_name, category;

INSERT INTO sales_hourly_customers (hour, customer_id, refreshed_at)
SELECT DISTINCT toStartOfHour(order_ts) AS h, customer_id, now64(3)
FROM sales_lines FINAL
WHERE order_ts >= @from AND order_ts < @to;

-- Sessions: the range's hours recomputed from user_events (no FINAL needed: a copy of an event changes
-- neither a session's presence nor its steps; bits as in migrations/004_session_rollups.sql), next to
-- the same sessions' other hours in the rollup, so that each row's previous hours are taken over the
-- session's whole history. Rows from @from on are written again: the range's, and later hours of its
-- sessions, whose previous hours a late event may have changed. The first build has no other hours.
INSERT INTO session_hours (hour, session_id, steps, prev_any, prev_page_view, prev_product_view, prev_add_to_cart,
  prev_checkout_start, prev_purchase, prev_cart_or_purchase, refreshed_at)
SELECT hour, session_id, steps, prev_any, prev_page_view, prev_product_view, prev_add_to_cart, prev_checkout_start,
  prev_purchase, prev_cart_or_purchase, now64(3)
FROM (
  SELECT hour, session_id, steps,
    max(hour) OVER history AS prev_any,
    maxIf(hour, bitAnd(steps, 1) != 0) OVER history AS prev_page_view,
    maxIf(hour, bitAnd(steps, 2) != 0) OVER history AS prev_product_view,
    maxIf(hour, bitAnd(steps, 4) != 0) OVER history AS prev_add_to_cart,
    maxIf(hour, bitAnd(steps, 8) != 0) OVER history AS prev_checkout_start,
    maxIf(hour, bitAnd(steps, 16) != 0) OVER history AS prev_purchase,
    maxIf(hour, bitAnd(steps, 20) != 0) OVER history AS prev_cart_or_purchase
  FROM (
    SELECT toDateTime(toStartOfHour(ts), 'UTC') AS hour, session_id,
      groupBitOr(toUInt8(multiIf(event_type = 'page_view', 1, event_type = 'product_view', 2, event_type = 'add_to_cart', 4,
        event_type = 'checkout_start', 8, event_type = 'purchase', 16, 0))) AS steps
    FROM user_events
    WHERE ts >= @from AND ts < @to
    GROUP BY hour, session_id
    UNION ALL
    SELECT hour, session_id, steps FROM session_hours FINAL
    WHERE (hour < @from OR hour >= @to) AND @from > toDateTime64(0, 3, 'UTC')
      AND session_id IN (SELECT session_id FROM user_events WHERE ts >= @from AND ts < @to)
  )
  WINDOW history AS (PARTITION BY session_id ORDER BY hour ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
)
WHERE hour >= @from;
