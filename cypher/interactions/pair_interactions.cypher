// name: pair_interactions
// returns: many
// params: a_id, b_id, until
// The interactions two people shared up to a moment: what a past strength is rebuilt from.
MATCH (a:Person {id: $a_id})-[:PARTICIPATED_IN]->(i:Interaction)<-[:PARTICIPATED_IN]-(b:Person {id: $b_id})
WHERE i.occurred_at <= $until
RETURN i.kind AS kind, i.occurred_at AS occurred_at, i.participant_count AS participants,
       i.sentiment AS sentiment
