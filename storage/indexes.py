"""Look-up indexes a bulk load may defer: dropped before it, built once after.

Building an index once over a million rows is far cheaper than keeping it up
to date through a million scattered inserts, so a large load into an empty
store (SQLite or PostgreSQL) drops the secondary indexes (`defer_indexes`)
and rebuilds them at the end (`restore_indexes`). Every open of the store
also runs `restore_indexes`, so a killed load never leaves an index out. It
lives apart from ingest so that opening the store (storage.db) needs only this.
"""

from __future__ import annotations

from sqlalchemy import Index
from sqlalchemy.engine import Connection, Engine

from storage.models import Post, PostUrl


def secondary_indexes() -> list[Index]:
    """Indexes only look-ups need, not ingest itself (uniqueness stays enforced)."""
    tables = (Post.__table__, PostUrl.__table__)  # type: ignore[attr-defined]
    return [index for table in tables for index in table.indexes if not index.unique]


#: PostgreSQL advisory lock taken while indexes are dropped or built, so that two
#: processes opening one store never build the same index at once.
_INDEX_LOCK = 0x63696278


def _serialise(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_INDEX_LOCK})")


def defer_indexes(engine: Engine) -> list[Index]:
    """Drop the secondary indexes before a big load into an empty store; those dropped.

    Nothing is dropped when the store already holds posts (its indexes then
    serve the look-ups the load itself makes).
    """
    with engine.begin() as conn:
        _serialise(conn)
        if conn.exec_driver_sql("SELECT 1 FROM post LIMIT 1").first() is not None:
            return []
        dropped = secondary_indexes()
        for index in dropped:
            index.drop(conn, checkfirst=True)
    return dropped


def restore_indexes(engine: Engine) -> None:
    """Create any secondary index that is missing (after a deferred load, or a killed one)."""
    with engine.begin() as conn:
        _serialise(conn)
        for index in secondary_indexes():
            index.create(conn, checkfirst=True)
