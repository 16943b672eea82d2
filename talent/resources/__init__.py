"""Organisations, works, programmes and roles: their models, how a model maps onto a node and
its links (`mapping`, also used by experts), the generic repository, the write rules (each write
audited) and paging. Imports `core`, `accounts` (who leads a programme), `audit` and `graph`."""
