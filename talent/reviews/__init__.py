"""The admin review queue (possible duplicates, unproven claims), its decisions, and merges with
their exact undo. Imports `core`, `accounts`, `experts`, `duplicates`, `audit` and `graph`."""
