"""The graph core: what an edge is and how strong it is, how a frontier grows, how the best
paths are found. Every domain (mapping, events, analytics, interactions, import, merge) calls
these modules and none re-implements them.

- strength.py: the strength model (interactions -> mass -> strength, with decay) and the clock
  that evaluates a stored edge now, at an epoch second, or as of a past moment.
- edge.py: an edge as graph answers use it (a stored row and its strength).
- frontier.py: the bidirectional, level-by-level expansion that fetches a search's region.
- search.py: exact searches over a fetched region (shortest path, top-k paths, best walks).
- ball.py: the team's ball, the two-hop region around the team kept between searches.
"""
