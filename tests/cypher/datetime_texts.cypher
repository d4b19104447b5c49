// name: datetime_texts
// returns: many
// params: moments
// tests/db/test_moments.py: each moment as Neo4j stores it (a DateTime from epoch seconds,
// nanoseconds and a zone, or a LocalDateTime when the zone is null), with its toString.
UNWIND $moments AS m
WITH CASE WHEN m.zone IS NULL
  THEN localdatetime({year: m.year, month: m.month, day: m.day, hour: m.hour, minute: m.minute, second: m.second, nanosecond: m.nanosecond})
  ELSE datetime({year: m.year, month: m.month, day: m.day, hour: m.hour, minute: m.minute, second: m.second, nanosecond: m.nanosecond, timezone: m.zone})
END AS value
RETURN value, toString(value) AS text
