// name: stored_strength
// returns: fragment
// params: base, mass
// The strength an edge stores (r.strength): its value at its newest interaction (mass_at),
// before any decay, so an upper bound of every later value that statements filter by.
// The same formula as StrengthModel.stored in app/graph/strength.py: 1 - (1 - base) e^-sum(mass).
1.0 - (1.0 - {{base}}) * exp(-reduce(acc = 0.0, x IN coalesce({{mass}}, []) | acc + x))
