"""relmap's own web app, the map (../shared/API.md "The map (web app)"), served at /app."""
