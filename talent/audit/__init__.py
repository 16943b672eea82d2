"""The audit trail: who viewed personal data or changed what, and when. Imports `core` and
`graph`."""
