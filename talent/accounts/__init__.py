"""Accounts, roles, sign-in, programme leadership and the single-use e-mailed tokens. Imports
`core` and `graph`."""
