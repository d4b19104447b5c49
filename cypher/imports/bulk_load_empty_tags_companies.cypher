// name: bulk_load_empty_tags_companies
// returns: one
// params: batch
// make load: the offline importer cannot write an empty list, so companies loaded without tags
// get [] here (what an online import stores), at most $batch per transaction.
MATCH (c:Company)
WHERE c.tags IS NULL
WITH c LIMIT $batch
SET c.tags = []
RETURN count(c) AS set
