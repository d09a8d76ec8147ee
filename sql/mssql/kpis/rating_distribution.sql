SELECT rating, count(*) AS responses
FROM dbo.feedback
WHERE ts >= @from AND ts < @to
GROUP BY rating
ORDER BY rating
