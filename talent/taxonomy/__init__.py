"""The taxonomy as versioned data: strategic technology groups, products and skills, the
bundled decision and importers of other schemes. Imports `core` and `graph`."""
