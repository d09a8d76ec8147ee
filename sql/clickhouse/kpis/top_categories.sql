-- Rollup-backed (sql/KPIS.md, "Rollups"): whole hours of the range before the rollups' closed
-- boundary come from the hourly rollups, the rest (partial edge hours, the open hours) from sales_lines.
WITH
  toDateTime64(@from, 3, 'UTC') AS range_from,
  toDateTime64(@to, 3, 'UTC') AS range_to,
  toStartOfHour(range_from) AS from_hour,
  if(from_hour = range_from, from_hour, from_hour + INTERVAL 1 HOUR) AS rollup_from,
  toStartOfHour(least(range_to, (SELECT if(count() = 0, toDateTime64(0, 3, 'UTC'), max(closed_before)) FROM rollup_state FINAL WHERE name = 'sales'))) AS rollup_to
SELECT category, sum(revenue) AS revenue, sum(units) AS units, sum(lines) AS lines
FROM (
  SELECT category, revenue, units, lines FROM sales_hourly_products FINAL WHERE hour >= rollup_from AND hour < rollup_to
  UNION ALL
  SELECT category, sum(line_total), sum(quantity), count() FROM sales_lines FINAL WHERE order_ts >= range_from AND order_ts < range_to AND (order_ts < rollup_from OR order_ts >= rollup_to)
  GROUP BY category
)
GROUP BY category
ORDER BY revenue DESC, category ASC
