SELECT country, sum(line_total) AS revenue, sum(CASE WHEN line_no = 1 THEN 1 ELSE 0 END) AS orders
FROM dbo.sales_lines
WHERE order_ts >= @from AND order_ts < @to
GROUP BY country
ORDER BY revenue DESC, country ASC
