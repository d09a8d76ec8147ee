-- Rollup-backed (sql/KPIS.md, "Rollups"): whole hours of the range before the rollups' closed
-- boundary come from the hourly rollups, the rest (partial edge hours, the open hours) from sales_lines.
WITH bounds AS (
  SELECT
    CASE WHEN date_trunc('hour', @from::timestamptz, 'UTC') = @from::timestamptz THEN @from::timestamptz
      ELSE date_trunc('hour', @from::timestamptz, 'UTC') + interval '1 hour' END AS rollup_from,
    least(date_trunc('hour', @to::timestamptz, 'UTC'),
      coalesce((SELECT closed_before FROM rollup_state WHERE name = 'sales'), '-infinity'::timestamptz)) AS rollup_to
)
SELECT day, sum(revenue) AS revenue, sum(orders) AS orders
FROM (
  SELECT (hour AT TIME ZONE 'UTC')::date AS day, revenue, orders FROM sales_hourly_markets WHERE hour >= (SELECT rollup_from FROM bounds) AND hour < (SELECT rollup_to FROM bounds)
  UNION ALL
  SELECT (order_ts AT TIME ZONE 'UTC')::date AS day, sum(line_total) AS revenue, count(*) FILTER (WHERE line_no = 1) AS orders FROM sales_lines
  WHERE order_ts >= @from AND order_ts < @to
    AND (order_ts < (SELECT rollup_from FROM bounds) OR order_ts >= (SELECT rollup_to FROM bounds))
  GROUP BY 1
) parts
GROUP BY day
ORDER BY day
