"""The taxonomy as versioned data: strategic technology groups, products and skills, the
bundled decision and importers of other schemes; `repository` reads and writes them in the
graph. Imports `core` and `graph`."""
