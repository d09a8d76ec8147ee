SELECT
  sum(line_total) AS revenue,
  uniqExact(order_id) AS orders,
  sum(quantity) AS units,
  count() AS lines,
  uniqExact(customer_id) AS customers
FROM sales_lines FINAL
WHERE order_ts >= @from AND order_ts < @to
