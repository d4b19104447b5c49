// name: team_ties
// returns: many
// params: ids, min_strength
// The person-to-person edges between the given people and team members (other than
// themselves) whose stored strength (an upper bound of today's) reaches min_strength, as
// stored rows for the strength clock: a dynamic segment's min_team_strength.
UNWIND $ids AS id
MATCH (p:Person {id: id})-[r:KNOWS|REPORTS_TO|INFLUENCES]-(t:Person)
WHERE t.is_team = true AND t <> p AND r.strength >= $min_strength
RETURN id, r.id AS edge_id, r.strength_base AS strength_base, r.mass AS mass,
  r.mass_at AS mass_at
