// name: strength_at
// returns: fragment
// params: base, mass, mass_at, at_s, half_lives_s
// An edge's strength at `at_s` (epoch seconds, at or after mass_at): each kind's mass decays
// with its half-life. The same model as StrengthModel.evaluate in app/graph/strength.py.
1.0 - (1.0 - {{base}}) * exp(-reduce(acc = 0.0, i IN range(0, size({{mass}}) - 1) |
  acc + {{mass}}[i] * 2.0 ^ (-({{at_s}} - {{mass_at}}) / {{half_lives_s}}[i])))
