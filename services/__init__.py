"""Use cases: what the CLI, the scheduler and the Slack handlers all ask for.

One module per use case: sweeps (sweeps.py), checks (checks.py), reviewer
decisions and the review queue (flags.py), exports (exports.py), digest
content (digests.py), resolving pasted links (resolver.py), the evidence
pictures (pictures/), published indicators matched on checks (watchlist.py)
and the store at a glance (status.py). Each composes storage and detection
for one action; the rules live in detection, the SQL in storage. Nothing here knows Slack,
the CLI or the bot's wiring, so every surface gets the same answers.
"""
