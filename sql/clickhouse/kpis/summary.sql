-- Rollup-backed (sql/KPIS.md, "Rollups"): whole hours of the range before the rollups' closed
-- boundary come from the hourly rollups, the rest (partial edge hours, the open hours) from sales_lines.
WITH
  toDateTime64(@from, 3, 'UTC') AS range_from,
  toDateTime64(@to, 3, 'UTC') AS range_to,
  toStartOfHour(range_from) AS from_hour,
  if(from_hour = range_from, from_hour, from_hour + INTERVAL 1 HOUR) AS rollup_from,
  toStartOfHour(least(range_to, (SELECT if(count() = 0, toDateTime64(0, 3, 'UTC'), max(closed_before)) FROM rollup_state FINAL WHERE name = 'sales'))) AS rollup_to
SELECT
  sum(revenue) AS revenue,
  sum(orders) AS orders,
  sum(units) AS units,
  sum(lines) AS lines,
  (
    SELECT uniqExact(customer_id)
    FROM (
      SELECT customer_id FROM sales_hourly_customers FINAL WHERE hour >= rollup_from AND hour < rollup_to
      UNION ALL
      SELECT customer_id FROM sales_lines FINAL WHERE order_ts >= range_from AND order_ts < range_to AND (order_ts < rollup_from OR order_ts >= rollup_to)
    )
  ) AS customers
FROM (
  SELECT revenue, orders, units, lines FROM sales_hourly_markets FINAL WHERE hour >= rollup_from AND hour < rollup_to
  UNION ALL
  SELECT sum(line_total), countIf(line_no = 1), sum(quantity), count() FROM sales_lines FINAL WHERE order_ts >= range_from AND order_ts < range_to AND (order_ts < rollup_from OR order_ts >= rollup_to)
)
