"""What the evidence-by-source figures read from the graph."""
