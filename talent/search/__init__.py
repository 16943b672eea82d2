"""Search for ministries: the in-memory index (fuzzy name words, filter arrays, skill levels)
built from the scans of `repository`, free-text skill resolution, and faceted, cursor-paged
results checked against the graph, with views of personal data audited. Imports `core`,
`accounts`, `audit`, `experts` and `graph`."""
