SELECT channel, sum(line_total) AS revenue, count(DISTINCT order_id) AS orders
FROM dbo.sales_lines
WHERE order_ts >= @from AND order_ts < @to
GROUP BY channel
ORDER BY revenue DESC, channel ASC
