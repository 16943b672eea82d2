"""Expert profiles: models, the repository, the service (reads per viewer, edits, verification,
withdrawal), visibility, freshness and reminders. Imports `core`, `resources`, `accounts`,
`audit`, `duplicates` and `graph`."""
