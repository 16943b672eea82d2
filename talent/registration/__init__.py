"""Self-registration, e-mail confirmation and claims of existing profiles. Imports `core`,
`accounts`, `experts`, `resources` (the registrant's works), `duplicates`, `reviews`, `audit`
and `graph`."""
