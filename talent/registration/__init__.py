"""Self-registration, e-mail confirmation and claims of existing profiles, and what typed names
stand for. Imports `core`, `accounts`, `experts`, `resources` (the registrant's works and
organisations), `search` (skills by name), `duplicates`, `reviews`, `audit` and `graph`."""
