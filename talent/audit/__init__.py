"""The audit trail: who viewed personal data or changed what, and when; its models, repository
and the log that features write to. Imports `core` and `graph`."""
