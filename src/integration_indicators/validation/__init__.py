"""The catalogue's schemas and the one engine of observation rules."""
