"""The domain, one package per feature; only each feature's `repository` module calls the graph.

`core` is shared by all; `resources` and `experts` hold the records; `accounts`, `audit`,
`duplicates`, `registration`, `reviews`, `pipeline`, `search`, `insights` and `taxonomy` are the
features; `jobs` runs long work in the background; `demo` fills a graph with demo data.
Imports `graph` and libraries, never `api` or `matching`.
"""
