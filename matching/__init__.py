"""Ranking experts for roles (built on the foundation's graph and domain)."""
