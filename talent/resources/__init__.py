"""Organisations, works, programmes and roles: their models, how a model maps onto a node and
its links (`mapping`, also used by experts), the generic repository and the write rules.
Imports `core` and `graph`."""
