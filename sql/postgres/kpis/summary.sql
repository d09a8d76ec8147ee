-- Rollup-backed (sql/KPIS.md, "Rollups"): whole hours of the range before the rollups' closed
-- boundary come from the hourly rollups, the rest (partial edge hours, the open hours) from sales_lines.
WITH bounds AS (
  SELECT
    CASE WHEN date_trunc('hour', @from::timestamptz, 'UTC') = @from::timestamptz THEN @from::timestamptz
      ELSE date_trunc('hour', @from::timestamptz, 'UTC') + interval '1 hour' END AS rollup_from,
    least(date_trunc('hour', @to::timestamptz, 'UTC'),
      coalesce((SELECT closed_before FROM rollup_state WHERE name = 'sales'), '-infinity'::timestamptz)) AS rollup_to
),
parts AS (
  SELECT revenue, orders, units, lines FROM sales_hourly_markets WHERE hour >= (SELECT rollup_from FROM bounds) AND hour < (SELECT rollup_to FROM bounds)
  UNION ALL
  SELECT sum(line_total), count(*) FILTER (WHERE line_no = 1), sum(quantity), count(*) FROM sales_lines
  WHERE order_ts >= @from AND order_ts < @to
    AND (order_ts < (SELECT rollup_from FROM bounds) OR order_ts >= (SELECT rollup_to FROM bounds))
),
customers AS (
  SELECT customer_id FROM sales_hourly_customers WHERE hour >= (SELECT rollup_from FROM bounds) AND hour < (SELECT rollup_to FROM bounds)
  UNION
  SELECT customer_id FROM sales_lines
  WHERE order_ts >= @from AND order_ts < @to
    AND (order_ts < (SELECT rollup_from FROM bounds) OR order_ts >= (SELECT rollup_to FROM bounds))
)
SELECT
  coalesce(sum(revenue), 0) AS revenue,
  coalesce(sum(orders), 0) AS orders,
  coalesce(sum(units), 0) AS units,
  coalesce(sum(lines), 0) AS lines,
  (SELECT count(*) FROM customers) AS customers
FROM parts
