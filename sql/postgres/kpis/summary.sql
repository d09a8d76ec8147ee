SELECT
  coalesce(sum(line_total), 0) AS revenue,
  count(*) FILTER (WHERE line_no = 1) AS orders,
  coalesce(sum(quantity), 0) AS units,
  count(*) AS lines,
  count(DISTINCT customer_id) AS customers
FROM sales_lines
WHERE order_ts >= @from AND order_ts < @to
