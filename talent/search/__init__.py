"""Search for ministries: fuzzy names, free-text skills, facets; the capability map."""
