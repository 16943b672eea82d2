"""Insight for ministries: the capability map of supply against demand per technology group.
Imports `core`, `search` and `graph`."""
