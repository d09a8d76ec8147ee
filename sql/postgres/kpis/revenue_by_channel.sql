SELECT channel, sum(line_total) AS revenue, count(*) FILTER (WHERE line_no = 1) AS orders
FROM sales_lines
WHERE order_ts >= @from AND order_ts < @to
GROUP BY channel
ORDER BY revenue DESC, channel ASC
