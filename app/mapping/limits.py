"""Caps of the mapping searches: a dense hub answers 503 (searches) or `truncated`
(neighborhoods), never a 500. Read at call time (limits.X), so tests can lower them."""

STEP_ROWS = 200_000  # edges one expansion step may read
SEARCH_ROWS = 400_000  # edges one path search may read in all
MAX_POPS = 500_000  # partial paths the exact top-k search may take off its queue
NEIGHBORHOOD_STEP_ROWS = 20_000
NEIGHBORHOOD_BALL_ROWS = 8_000  # a bigger ball is read level by level, strongest first
# a root with more edges (or 4 x the limit, when more) is read level by level, strongest first:
# returning and judging them all costs more than sorting them where they are (bench/notes.md)
NEIGHBORHOOD_ROOT_ROWS = 3_000
HUB_DEGREE = 1_000  # edges beyond which the edges among a neighborhood are read from the other end
MAX_SOURCES = 5_000
# a search step over this many frontier people or more reads them as STEP_PARTS statements at
# once (Neo4j runs each statement on one core)
SPLIT_FRONT = 64
STEP_PARTS = 2
WIDE_STEP = 64  # frontier people from which a bounded last step reads far ends first
MAX_AMONG = 20_000  # ids sent to filter a last step by; a bigger ball: read the step whole
# current people of a company as intro target: more is a 503. At M a company of 4,704 is answered
# in about 0.5 s (bench/notes.md, the thirty-second session); a bigger one's steps are bounded
# by STEP_ROWS and SEARCH_ROWS as any search's are, and MAX_AMONG bounds the ids of its side
MAX_EMPLOYEES = 20_000
ACCOUNT_MAP_PEOPLE = 200
ACCOUNT_MAP_HOPS = 4  # the intro defaults: max_hops 4, person-to-person types, top 1
