"""Shared by every feature: the error tree, ids and clocks, name folding and validators, the
shared field types, the change log, pagination and mail. Imports only `graph` and libraries."""
