-- Recomputes the rollups for the whole hours in [@from, @to): the sales rollups from sales_lines FINAL
-- (one row per key, whatever was redelivered), the session rollup from user_events. The rows get a
-- newer refreshed_at than any before, so they replace the hours' earlier rows (ReplacingMergeTree; the
-- KPIs read the sales rollups with FINAL).

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

-- Sessions: without FINAL, since a copy of an event changes neither a session's presence nor its steps
-- (bits as in migrations/004_session_rollups.sql).
INSERT INTO session_hours (hour, session_id, steps, refreshed_at)
SELECT toStartOfHour(ts) AS h, session_id,
  groupBitOr(toUInt8(multiIf(event_type = 'page_view', 1, event_type = 'product_view', 2, event_type = 'add_to_cart', 4,
    event_type = 'checkout_start', 8, event_type = 'purchase', 16, 0))),
  now64(3)
FROM user_events
WHERE ts >= @from AND ts < @to
GROUP BY h, session_id;
