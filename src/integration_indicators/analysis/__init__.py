"""Series, metrics, intervals, lineage, claim checks and integration indices."""
