SELECT
  sum(line_total) AS revenue,
  countIf(line_no = 1) AS orders,
  sum(quantity) AS units,
  count() AS lines,
  uniqExact(customer_id) AS customers
FROM sales_lines FINAL
WHERE order_ts >= @from AND order_ts < @to
