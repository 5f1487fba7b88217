"""Shared core of the backend: settings, database, errors, security, pagination, audit."""
