"""Relationship mapping: neighborhoods, shortest paths, warm intros and account maps.

One module per feature (neighborhood.py, paths.py, intros.py, account_map.py) over one
context (context.py: the repository, the strength clock, answer nodes and edges). The graph is
never walked in Cypher beyond one hop: each step fetches the edges of a frontier (bounded
statements, row caps in limits.py, the transaction timeout), and the exact searches of
app/graph/search.py run on what was fetched.
"""
