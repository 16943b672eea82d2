"""The attraction pipeline: each expert's stage, moved one step at a time, and the KPI of
leading experts engaged. Imports `core`, `accounts`, `audit`, `search` and `graph`."""
