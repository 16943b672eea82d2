"""Outgoing mail kept in the graph: written with the change that causes it, sent by a worker
with retries. May import talent.core and graph."""
