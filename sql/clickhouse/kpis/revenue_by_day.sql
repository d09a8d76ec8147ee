SELECT toDate(order_ts) AS day, sum(line_total) AS revenue, countIf(line_no = 1) AS orders
FROM sales_lines FINAL
WHERE order_ts >= @from AND order_ts < @to
GROUP BY day
ORDER BY day
