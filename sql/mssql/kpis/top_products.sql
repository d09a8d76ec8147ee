SELECT TOP (10) product_id, max(product_name) AS product_name, max(category) AS category, sum(line_total) AS revenue, sum(quantity) AS units, count_big(*) AS lines
FROM dbo.sales_lines
WHERE order_ts >= @from AND order_ts < @to
GROUP BY product_id
ORDER BY revenue DESC, product_id ASC
