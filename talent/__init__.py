"""The domain: profiles, validation, taxonomy, demo data and the repositories."""
