"""Readers that map the files analysts already hold into post records.

Each reader streams one published format and yields the record dicts that
`storage.records.validate` checks, so every reader keeps the same rejects rule
as the project's own record format. One module per family of formats
(`twitter_io`, `twarc`, `telegram`, `fourcat`, `crowdtangle`, `youtube`,
`bluesky`, `mastodon`, `mapped` for `--map`); `common` holds what they share,
`registry` how a file's head is read to tell its format, `catalog` the list
of formats in detection order, and `sources` the files, zip members and
folders they are read from.
"""
