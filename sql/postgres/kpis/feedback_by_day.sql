SELECT (ts AT TIME ZONE 'UTC')::date AS day, count(*) AS responses, sum(rating) AS rating_sum
FROM feedback
WHERE ts >= @from AND ts < @to
GROUP BY 1
ORDER BY 1
