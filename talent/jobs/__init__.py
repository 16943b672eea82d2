"""Background jobs: the job record and its states (`model`), its repository, the service that
starts, follows and cancels jobs (the broker is passed in: nothing here imports `api`), the
runner that records outcomes and progress, and the Celery tasks. Imports `graph`,
`talent.core` and the features whose work its tasks run (demo data, reminders)."""
