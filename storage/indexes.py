"""What a bulk load may defer: dropped or skipped before it, rebuilt once after.

Building an index once over a million rows is far cheaper than keeping it up
to date through a million scattered inserts, so a large load into an empty
store (SQLite or PostgreSQL) drops the secondary indexes (`defer_indexes`),
on PostgreSQL also the foreign keys of posts, links and hashtags (each
check locks the referenced row) and leaves half of each account page free for
updates, and leaves the accounts' activity (post
count, first and last post) to be counted once from the posts instead of
updated batch by batch. `restore_indexes` puts all of that back at the end.
Every open of the store also runs it, so a killed load never leaves an index,
a key or a count out. It lives apart from ingest so that opening the store
(storage.db) needs only this.
"""

from __future__ import annotations

from sqlalchemy import Index, inspect
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ProgrammingError

from storage.models import Post, PostHashtag, PostUrl

#: PostgreSQL advisory lock taken while indexes are dropped or built, so that two
#: processes opening one store never build the same index at once.
_INDEX_LOCK = 0x63696278
#: Foreign keys a PostgreSQL bulk load drops: (table, column, referenced table).
_DEFERRED_KEYS = (
    ("post", "account_id", "account"),
    ("posturl", "post_pk", "post"),
    ("posthashtag", "post_pk", "post"),
)
#: Percent of each page of `account` PostgreSQL fills on insert (the rest: room for updates).
_ACCOUNT_FILLFACTOR = 50
#: Each account's post count and first and last post, counted from the posts.
_RECOUNT = (
    "UPDATE account SET post_count = x.posts, first_post_ts = x.first_ts, "
    "last_post_ts = x.last_ts FROM (SELECT account_id, count(*) AS posts, "
    "min(posted_ts) AS first_ts, max(posted_ts) AS last_ts FROM post GROUP BY account_id) AS x "
    "WHERE account.id = x.account_id"
)


def secondary_indexes() -> list[Index]:
    """Indexes only look-ups need, not ingest itself (uniqueness stays enforced)."""
    tables = (Post.__table__, PostUrl.__table__, PostHashtag.__table__)  # type: ignore[attr-defined]
    return [index for table in tables for index in table.indexes if not index.unique]


def _serialise(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_INDEX_LOCK})")


def _not_owner(exc: ProgrammingError) -> bool:
    """Whether PostgreSQL refused DDL because the role does not own the table."""
    return getattr(exc.orig, "sqlstate", None) == "42501"  # insufficient_privilege


def _foreign_keys(conn: Connection) -> dict[tuple[str, str], str]:
    """Names of the deferrable foreign keys the database holds, by (table, column)."""
    inspector = inspect(conn)
    found: dict[tuple[str, str], str] = {}
    for table, column, _referred in _DEFERRED_KEYS:
        for key in inspector.get_foreign_keys(table):
            if key["constrained_columns"] == [column] and key["name"]:
                found[(table, column)] = key["name"]
    return found


def defer_indexes(engine: Engine) -> list[Index]:
    """Drop what a big load into an empty store can do without; the indexes dropped.

    A non-empty answer means the load is deferred: the caller skips the
    accounts' activity counts, and `restore_indexes` recounts them. Nothing is
    dropped when the store already holds posts (its indexes then serve the
    look-ups the load itself makes), nor by a role that does not own the tables.
    """
    try:
        with engine.begin() as conn:
            _serialise(conn)
            if conn.exec_driver_sql("SELECT 1 FROM post LIMIT 1").first() is not None:
                return []
            dropped = secondary_indexes()
            for index in dropped:
                index.drop(conn, checkfirst=True)
            if conn.dialect.name == "postgresql":
                for (table, _column), name in _foreign_keys(conn).items():
                    conn.exec_driver_sql(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                # Room on each page for a new version of its accounts' rows:
                # the recount (and every later count) then updates an account
                # in place, its indexes untouched (a HOT update).
                conn.exec_driver_sql(
                    f"ALTER TABLE account SET (fillfactor = {_ACCOUNT_FILLFACTOR})"
                )
    except ProgrammingError as exc:
        if not _not_owner(exc):
            raise
        # A PostgreSQL role that may write the tables but does not own them:
        # the load keeps its indexes and keys (slower, the same result).
        return []
    return dropped


def restore_indexes(engine: Engine, *, recount: bool = False) -> None:
    """Put back what a deferred load left out (at its end, or after it was killed).

    Builds the missing secondary indexes and, when any was missing or
    `recount` is set (the end of a deferred load, which another process may
    have restored meanwhile), recounts every account's activity from its
    posts; on PostgreSQL adds back the missing foreign keys (checked in one
    pass over each table).
    """
    try:
        with engine.begin() as conn:
            _serialise(conn)
            present = {
                name
                for table in ("post", "posturl", "posthashtag")
                for name in (ix["name"] for ix in inspect(conn).get_indexes(table))
            }
            missing = [index for index in secondary_indexes() if index.name not in present]
            # Counted before the indexes are built: the recount reads every
            # post once either way, and the builds then run on a table the
            # recount's scan has just brought into memory.
            if missing or recount:
                conn.exec_driver_sql(_RECOUNT)
            for index in missing:
                index.create(conn)
            if conn.dialect.name == "postgresql":
                held = _foreign_keys(conn)
                for table, column, referred in _DEFERRED_KEYS:
                    if (table, column) not in held:
                        conn.exec_driver_sql(
                            f"ALTER TABLE {table} ADD FOREIGN KEY ({column}) REFERENCES {referred} (id)"
                        )
    except ProgrammingError as exc:
        if not _not_owner(exc):
            raise
        # A role that does not own the tables cannot build them; the owner's
        # next open (or ingest) will.
