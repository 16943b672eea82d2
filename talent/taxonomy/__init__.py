"""The taxonomy as versioned data: strategic technology groups, products and skills."""
