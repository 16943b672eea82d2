"""Self-registration, e-mail confirmation and claims of existing profiles. Imports `core`,
`accounts`, `experts`, `duplicates`, `reviews`, `audit` and `graph`."""
