"""Background jobs: the job record and its states, its repository, the runner that records
outcomes and progress, and the Celery tasks. Imports the features whose work it runs."""
