"""Accounts, roles, sign-in, programme leadership, the single-use e-mailed tokens and the mails
that carry them. Imports `core` and `graph`."""
