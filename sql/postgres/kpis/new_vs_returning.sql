SELECT CASE WHEN is_returning_customer THEN 'returning' ELSE 'new' END AS customer_type,
  count(*) FILTER (WHERE line_no = 1) AS orders, sum(line_total) AS revenue, count(DISTINCT customer_id) AS customers
FROM sales_lines
WHERE order_ts >= @from AND order_ts < @to
GROUP BY 1
ORDER BY 1
