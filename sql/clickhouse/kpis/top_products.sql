SELECT product_id, any(product_name) AS product_name, any(category) AS category, sum(line_total) AS revenue, sum(quantity) AS units, count() AS lines
FROM sales_lines FINAL
WHERE order_ts >= @from AND order_ts < @to
GROUP BY product_id
ORDER BY revenue DESC, product_id ASC
LIMIT 10
