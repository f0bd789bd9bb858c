"""What the library writes for people: the site, charts, citations, exports."""
