// name: journey_touchpoints
// returns: many
// params: ids
// The touchpoints a journey's page shows: each interaction (datetimes as text) and the ids of
// everyone who took part.
MATCH (i:Interaction)
WHERE i.id IN $ids
RETURN {{interaction_fields i=i}} AS interaction,
  COLLECT { MATCH (i)<-[:PARTICIPATED_IN]-(q:Person) RETURN q.id } AS participants
