-- Recomputes the sales rollups for the whole hours in [@from, @to) from sales_lines FINAL (one row per
-- key, whatever was redelivered). The rows get a newer refreshed_at than any before, so they replace
-- the hours' earlier rows (ReplacingMergeTree; the KPIs read the rollups with FINAL).

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
