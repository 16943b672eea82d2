"""Watches and alerts: what a person asked to be told about (a role's top candidates, roles that
fit an expert), the alerts the worker's evaluation of the change log makes, once each, and
how each reaches its person: in the app, by mail at once, or in a daily or weekly digest."""
