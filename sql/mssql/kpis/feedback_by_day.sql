SELECT CAST(ts AS DATE) AS day, count(*) AS responses, sum(rating) AS rating_sum
FROM dbo.feedback
WHERE ts >= @from AND ts < @to
GROUP BY CAST(ts AS DATE)
ORDER BY day
