"""A signed-in person changes their own password."""
