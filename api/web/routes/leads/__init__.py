"""A programme lead's pages: programmes and roles with the role editor (`programmes`), and
matches, decisions, full match jobs and stored runs (`matches`); the forms they read (`forms`)."""
