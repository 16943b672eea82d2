"""An expert's works brought in from the sources: gathered by a job, deduplicated, proposed
with why, and kept only when the expert accepts them."""
