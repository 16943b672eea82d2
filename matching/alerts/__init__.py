"""The worker's evaluation of watches from the change log (`evaluate`), and its task."""
