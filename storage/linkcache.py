"""The link cache: what fetching a pasted link told us, so each URL is fetched once.

One `LinkCache` row per URL as it was asked for. The resolver decides how long
a row stays good (errors expire sooner than answers); this module only reads,
writes and prunes rows. Writes are one INSERT ... ON CONFLICT DO UPDATE, so two
workers resolving the same link at once both succeed and the later one wins.
"""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import Session, col

from storage.db import dialect_insert
from storage.models import LinkCache

#: Longest URL, title and error the table holds (its column sizes).
MAX_URL = 2048
MAX_TITLE = 1000
MAX_ERROR = 400


def cached_link(session: Session, url: str) -> LinkCache | None:
    """The stored result for `url` (exactly as asked for), however old, or None."""
    if len(url) > MAX_URL:
        return None
    return session.get(LinkCache, url)


def save_link(
    session: Session,
    url: str,
    *,
    resolved_url: str | None,
    title: str | None,
    error: str | None,
    fetched_ts: int,
) -> bool:
    """Store (or replace) the result for `url`; False, nothing stored, when `url` is too long.

    A resolved URL too long for the table is dropped (the row then says only
    what the error and title say); a long title or error is cut to fit.
    """
    if len(url) > MAX_URL:
        return False
    values = {
        "url": url,
        "resolved_url": resolved_url if resolved_url and len(resolved_url) <= MAX_URL else None,
        "title": title[:MAX_TITLE] if title else None,
        "error": error[:MAX_ERROR] if error else None,
        "fetched_ts": fetched_ts,
    }
    table = LinkCache.__table__  # type: ignore[attr-defined]
    insert_for = dialect_insert(session)
    statement = insert_for(table).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["url"],
        set_={name: statement.excluded[name] for name in values if name != "url"},
    )
    session.execute(statement)
    # The session may hold an older copy of the row from a read in this transaction.
    session.expire_all()
    return True


def prune_links(session: Session, before_ts: int) -> int:
    """Forget results fetched before `before_ts`; returns how many rows went."""
    statement = delete(LinkCache).where(col(LinkCache.fetched_ts) < before_ts)
    result = session.execute(statement)
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
