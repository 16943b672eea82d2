"""Works' sentence vectors: computed by the worker where a work is written or changed (followed
through the change log), backfilled for works that have none, stored beside each work."""
