// name: find_interactions
// returns: many
// params: external_ids
// The interactions already stored under these external ids, with what identifies them (their
// participants by id: a merged participant is the survivor now).
UNWIND $external_ids AS x
MATCH (i:Interaction {external_id: x})
OPTIONAL MATCH (p:Person)-[:PARTICIPATED_IN]->(i)
WITH x, i, collect(p.id) AS participants
RETURN x AS external_id, i.kind AS kind, i.occurred_at AS occurred_at, i.summary AS summary,
       i.sentiment AS sentiment, participants
