SELECT toDate(ts) AS day, count() AS responses, sum(rating) AS rating_sum
FROM feedback FINAL
WHERE ts >= @from AND ts < @to
GROUP BY day
ORDER BY day
