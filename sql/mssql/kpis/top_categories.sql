SELECT category, sum(line_total) AS revenue, sum(quantity) AS units, count_big(*) AS lines
FROM dbo.sales_lines
WHERE order_ts >= @from AND order_ts < @to
GROUP BY category
ORDER BY revenue DESC, category ASC
