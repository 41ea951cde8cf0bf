"""Card button values too long for Slack, kept under a short key the button carries.

Keys are digests of the values, so the same value kept twice (two cards for
the same target, two replicas) is one row: the insert does nothing when the
key is there.
"""

from __future__ import annotations

import hashlib

from sqlmodel import Session

from storage.db import insert_new
from storage.models import ButtonValue

KEY_CHARS = 32


def value_key(value: str) -> str:
    """The key `value` is kept under: its SHA-256, in hex, shortened to KEY_CHARS."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:KEY_CHARS]


def keep_value(session: Session, value: str, created_ts: int) -> str:
    """Store `value` (once) and return its key."""
    key = value_key(value)
    row = {"key": key, "value": value, "created_ts": created_ts}
    insert_new(session, ButtonValue, ["key"], row)
    return key


def kept_value(session: Session, key: str) -> str | None:
    """The value kept under `key`, or None."""
    if len(key) != KEY_CHARS:
        return None
    row = session.get(ButtonValue, key)
    return row.value if row is not None else None
