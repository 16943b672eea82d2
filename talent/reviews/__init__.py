"""The admin review queue (possible duplicates, unproven claims), its decisions, and merges with
their exact undo. Imports `core`, `accounts`, `experts`, `duplicates`, `audit`, `taxonomy`,
`resources` (names for the comparison) and `graph`."""
