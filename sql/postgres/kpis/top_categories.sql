-- Rollup-backed (sql/KPIS.md, "Rollups"): whole hours of the range before the rollups' closed
-- boundary come from the hourly rollups, the rest (partial edge hours, the open hours) from sales_lines.
WITH bounds AS (
  SELECT
    CASE WHEN date_trunc('hour', @from::timestamptz, 'UTC') = @from::timestamptz THEN @from::timestamptz
      ELSE date_trunc('hour', @from::timestamptz, 'UTC') + interval '1 hour' END AS rollup_from,
    least(date_trunc('hour', @to::timestamptz, 'UTC'),
      coalesce((SELECT closed_before FROM rollup_state WHERE name = 'sales'), '-infinity'::timestamptz)) AS rollup_to
)
SELECT category, sum(revenue) AS revenue, sum(units) AS units, sum(lines) AS lines
FROM (
  SELECT category, revenue, units, lines FROM sales_hourly_products WHERE hour >= (SELECT rollup_from FROM bounds) AND hour < (SELECT rollup_to FROM bounds)
  UNION ALL
  SELECT category, sum(line_total), sum(quantity), count(*) FROM sales_lines
  WHERE order_ts >= @from AND order_ts < @to
    AND (order_ts < (SELECT rollup_from FROM bounds) OR order_ts >= (SELECT rollup_to FROM bounds))
  GROUP BY category
) parts
GROUP BY category
ORDER BY revenue DESC, category ASC
