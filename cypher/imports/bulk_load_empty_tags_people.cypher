// name: bulk_load_empty_tags_people
// returns: one
// params: batch
// make load: the offline importer cannot write an empty list, so people loaded without tags
// get [] here (what an online import stores), at most $batch per transaction.
MATCH (p:Person)
WHERE p.tags IS NULL
WITH p LIMIT $batch
SET p.tags = []
RETURN count(p) AS set
