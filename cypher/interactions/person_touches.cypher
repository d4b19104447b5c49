// name: person_touches
// returns: many
// params: person_id, other_ids, until
// The interactions one person shared with each of some others up to a moment: what past
// strengths of their KNOWS edges are rebuilt from.
MATCH (p:Person {id: $person_id})-[:PARTICIPATED_IN]->(i:Interaction)<-[:PARTICIPATED_IN]-(o:Person)
WHERE o.id IN $other_ids AND i.occurred_at <= $until
RETURN o.id AS other_id, i.kind AS kind, i.occurred_at AS occurred_at,
       i.participant_count AS participants, i.sentiment AS sentiment
