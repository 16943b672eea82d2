"""The attraction pipeline: each expert's stage (`models`), moved one step at a time
(`service`, over `repository`), and the KPI of leading experts engaged (`kpi`). Imports `core`,
`accounts`, `audit`, `experts`, `resources`, `search` and `graph`."""
