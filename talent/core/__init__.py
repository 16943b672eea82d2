"""Shared by every feature: the error tree, ids and clocks, name folding and validators, the
shared field types, revisions, pagination and mail. Imports only `graph` and libraries."""
