SELECT rating, count(*) AS responses
FROM feedback
WHERE ts >= @from AND ts < @to
GROUP BY rating
ORDER BY rating
