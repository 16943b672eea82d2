"""The audit trail: who viewed personal data or changed what, and when; its models, repository,
the log that features write to, and how a change is described (`changes`: old and new values,
contacts masked). Imports `core`, `accounts.models` (who acted) and `graph`."""
