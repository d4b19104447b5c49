"""The demo network `make demo` seeds into an empty database (network.py builds it, seed.py
posts it through relmap's own API). Every name in it is made up; every domain is .example."""
