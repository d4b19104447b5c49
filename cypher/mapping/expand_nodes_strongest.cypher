// name: expand_nodes_strongest
// returns: one
// params: ids, types, min_strength, limit, scan
// A neighborhood's level read strongest first (app/mapping/neighborhood.py): of the edges
// from the frontier ($ids, nodes of any label) to nodes outside it, the $limit + 1 of the
// greatest stored strength (an upper bound of the current one), then of the smaller other id
// (the answer's own tie-break: many edges store their type's default), each with the node at
// its other end (the edges between frontier nodes are read with the edges among those kept).
// Ordering reads every edge of the frontier, so a frontier of more than $scan edges of the
// twelve types (counted from the degree store, without reading them) is not read: over.
// Rows as lists: [id, type, source id, target id, strength_base, strength_source, strength,
// mass, mass_at, last_interaction_at, interaction_count, other id, name, title, is_team,
// domain, industry, label].
// Each part finds the frontier by id rather than passing a list of its nodes along: Neo4j
// charges every row kept by ORDER BY .. LIMIT with the lists it can see, and a first version
// that sorted an UNWIND of a collected list ran out of transaction memory.
CALL () {
  UNWIND $ids AS id
  CALL (id) {
    MATCH (n:Person {id: id}) RETURN n
    UNION
    MATCH (n:Company {id: id}) RETURN n
    UNION
    MATCH (n:Event {id: id}) RETURN n
  }
  RETURN sum(COUNT { (n)-[:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED]-() }) > $scan AS over
}
CALL (over) {
  UNWIND CASE WHEN over THEN [] ELSE $ids END AS id
  CALL (id) {
    MATCH (n:Person {id: id}) RETURN n
    UNION
    MATCH (n:Company {id: id}) RETURN n
    UNION
    MATCH (n:Event {id: id}) RETURN n
  }
  MATCH (n)-[r:KNOWS|REPORTS_TO|INFLUENCES|WORKS_AT|ADVISES|INVESTED_IN|CLIENT_OF|VENDOR_OF|PARTNER_OF|COMPETES_WITH|SUBSIDIARY_OF|ATTENDED]-(m)
  WHERE type(r) IN $types AND {{strong_enough r=r; min=$min_strength}} AND NOT m.id IN $ids
  WITH r, m, m.id AS other
  ORDER BY coalesce(r.strength, 1.0) DESC, other
  LIMIT $limit + 1
  RETURN collect([r.id, type(r), startNode(r).id, endNode(r).id, r.strength_base, r.strength_source, coalesce(r.strength, 1.0), r.mass, r.mass_at, toString(r.last_interaction_at), r.interaction_count, other, m.name, m.title, m.is_team, m.domain, m.industry, CASE WHEN m:Person THEN 'Person' WHEN m:Company THEN 'Company' ELSE 'Event' END]) AS rows
}
RETURN over, rows
