"""Search for ministries: the in-memory index (fuzzy name words, filter arrays, skill levels),
free-text skill resolution, and faceted, cursor-paged results checked against the graph.
Imports `core`, `experts` and `graph`."""
