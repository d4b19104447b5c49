// name: owner_ties
// returns: many
// params: company_id, owner_ids
// The KNOWS edges between the given people (a journey's owners) and the current people of one
// company (WORKS_AT not marked ended and without `until`), as stored rows for the strength
// clock.
UNWIND $owner_ids AS oid
MATCH (o:Person {id: oid})-[r:KNOWS]-(p:Person)-[w:WORKS_AT]->(:Company {id: $company_id})
WHERE coalesce(w.current, true) AND w.until IS NULL AND p <> o
RETURN DISTINCT oid AS owner_id, r.id AS id, r.strength_base AS strength_base, r.mass AS mass,
  r.mass_at AS mass_at
