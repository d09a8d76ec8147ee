SELECT rating, count() AS responses
FROM feedback FINAL
WHERE ts >= @from AND ts < @to
GROUP BY rating
ORDER BY rating
