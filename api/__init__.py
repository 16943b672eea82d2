"""The composition roots: FastAPI app, Celery app and CLI."""
