"""Portfolio assignment: roles filled together under load limits and side rules."""
