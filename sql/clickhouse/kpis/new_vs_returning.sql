SELECT if(is_returning_customer, 'returning', 'new') AS customer_type,
  countIf(line_no = 1) AS orders, sum(line_total) AS revenue, uniqExact(customer_id) AS customers
FROM sales_lines FINAL
WHERE order_ts >= @from AND order_ts < @to
GROUP BY customer_type
ORDER BY customer_type
