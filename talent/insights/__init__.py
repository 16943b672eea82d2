"""Insight for ministries: the capability map of supply against demand per technology group,
read through `repository` and the search index. Imports `search` and `graph`."""
