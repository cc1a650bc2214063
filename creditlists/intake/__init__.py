"""Intake: read a department's file, normalise and check every row, report problems.

Imports only the standard library, openpyxl and creditlists.settings/schema, so that the
browser checker can load this package alone."""
