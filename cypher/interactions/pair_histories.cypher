// name: pair_histories
// returns: many
// params: pairs
// Every interaction each pair ({a, b}) shared, at any time: what a correction recomputes their
// KNOWS edge from.
UNWIND $pairs AS pair
MATCH (a:Person {id: pair.a})-[:PARTICIPATED_IN]->(i:Interaction)<-[:PARTICIPATED_IN]-(b:Person {id: pair.b})
RETURN pair.a AS a, pair.b AS b, i.kind AS kind, i.occurred_at AS occurred_at,
       i.participant_count AS participants, i.sentiment AS sentiment
