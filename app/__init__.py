"""relmap: relationship mapping and management over a Neo4j graph."""

__version__ = "0.1.0"
