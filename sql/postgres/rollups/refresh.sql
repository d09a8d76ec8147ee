-- Recomputes the rollups for the whole hours in [@from, @to) from sales_lines and user_events, which
-- hold one row per key (the sinks upsert), and replaces what the rollups held for those hours. Run in
-- one transaction by `npm run rollups:refresh`, so a reader sees the old hours or the new, never a mix.

DELETE FROM sales_hourly_markets WHERE hour >= @from AND hour < @to;

INSERT INTO sales_hourly_markets (hour, channel, country, revenue, orders, units, lines)
SELECT date_trunc('hour', order_ts, 'UTC'), channel, country,
  sum(line_total), count(*) FILTER (WHERE line_no = 1), sum(quantity), count(*)
FROM sales_lines
WHERE order_ts >= @from AND order_ts < @to
GROUP BY 1, 2, 3;

DELETE FROM sales_hourly_products WHERE hour >= @from AND hour < @to;

INSERT INTO sales_hourly_products (hour, product_id, product_name, category, revenue, units, lines)
SELECT date_trunc('hour', order_ts, 'UTC'), product_id, product_name, category, sum(line_total), sum(quantity), count(*)
FROM sales_lines
WHERE order_ts >= @from AND order_ts < @to
GROUP BY 1, 2, 3, 4;

DELETE FROM sales_hourly_customers WHERE hour >= @from AND hour < @to;

INSERT INTO sales_hourly_customers (hour, customer_id)
SELECT DISTINCT date_trunc('hour', order_ts, 'UTC'), customer_id
FROM sales_lines
WHERE order_ts >= @from AND order_ts < @to;

-- Sessions: the funnel steps each reached in each hour, as bits (migrations/004_session_rollups.sql).
DELETE FROM session_hours WHERE hour >= @from AND hour < @to;

INSERT INTO session_hours (hour, session_id, steps)
SELECT date_trunc('hour', ts, 'UTC'), session_id,
  bit_or(CASE event_type WHEN 'page_view' THEN 1 WHEN 'product_view' THEN 2 WHEN 'add_to_cart' THEN 4
    WHEN 'checkout_start' THEN 8 WHEN 'purchase' THEN 16 ELSE 0 END)
FROM user_events
WHERE ts >= @from AND ts < @to
GROUP BY 1, 2;
