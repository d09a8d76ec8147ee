SELECT category, sum(line_total) AS revenue, sum(quantity) AS units, count(*) AS lines
FROM sales_lines
WHERE order_ts >= @from AND order_ts < @to
GROUP BY category
ORDER BY revenue DESC, category ASC
