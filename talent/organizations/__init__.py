"""Organisations by name (the type-ahead's index) and the review of those proposed at
registration."""
