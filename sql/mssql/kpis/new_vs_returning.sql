SELECT CASE WHEN is_returning_customer = 1 THEN 'returning' ELSE 'new' END AS customer_type,
  sum(CASE WHEN line_no = 1 THEN 1 ELSE 0 END) AS orders, sum(line_total) AS revenue, count(DISTINCT customer_id) AS customers
FROM dbo.sales_lines
WHERE order_ts >= @from AND order_ts < @to
GROUP BY CASE WHEN is_returning_customer = 1 THEN 'returning' ELSE 'new' END
ORDER BY customer_type
