"""Readers that map the files analysts already hold into post records.

Each reader streams one published format and yields the record dicts that
`storage.records.validate` checks, so every reader keeps the same rejects rule
as the project's own record format.
"""
