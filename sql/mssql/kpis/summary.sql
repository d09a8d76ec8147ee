SELECT
  coalesce(sum(line_total), 0) AS revenue,
  sum(CASE WHEN line_no = 1 THEN 1 ELSE 0 END) AS orders,
  coalesce(sum(CAST(quantity AS BIGINT)), 0) AS units,
  count_big(*) AS lines,
  count(DISTINCT customer_id) AS customers
FROM dbo.sales_lines
WHERE order_ts >= @from AND order_ts < @to
