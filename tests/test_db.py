"""Opening the store from DATABASE_URL (storage/db.py): the schemes taken, and no password shown."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Connection, text

from storage import queries
from storage.db import (
    LOCK_WAIT,
    Store,
    StoreBusy,
    StoreError,
    make_engine,
    masked_url,
    now_ts,
    open_store,
)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://cib:hunter2@db/cib", "postgresql://cib:***@db/cib"),
        ("mysql://root:hunter2@db:3306/x", "mysql://root:***@db:3306/x"),
        ("postgres://cib:hun@ter/2@db/cib?x=a@b", "postgres://cib:***@b"),
        ("sqlite:///store.db", "sqlite:///store.db"),
        ("postgres://cib@db/cib", "postgres://cib@db/cib"),
        ("hunter2", "***"),
    ],
)
def test_masked_url_hides_every_part_of_the_password(url: str, shown: str) -> None:
    assert masked_url(url) == shown


def test_unsupported_scheme_is_refused_with_the_password_masked() -> None:
    with pytest.raises(StoreError) as refused:
        make_engine("mysql://root:hunter2@db.internal/cib")

    message = str(refused.value)
    assert "hunter2" not in message
    assert "mysql://root:***@db.internal/cib" in message


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "postgresql+psycopg"])
def test_postgres_and_postgresql_schemes_use_the_psycopg_driver(scheme: str) -> None:
    engine = make_engine(f"{scheme}://cib:secret@db.internal/cib")
    assert engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg"
    engine.dispose()


def test_a_postgres_scheme_url_opens_the_real_server(postgres_store: Store) -> None:
    url = postgres_store.engine.url.render_as_string(hide_password=False)
    rest = url.split("://", 1)[1]
    store = open_store(f"postgres://{rest}")
    try:
        with store.session() as session:
            queries.ping(session)
    finally:
        store.dispose()


# ---------------------------------------------------------------------------
# Waiting for another writer's lock
# ---------------------------------------------------------------------------


@contextmanager
def _held_claim(store: Store, event_id: str) -> Iterator[None]:
    """Another connection in the middle of a write: SQLite's write lock, or on PostgreSQL
    an uncommitted claim of `event_id` (a second claim of it must wait for this one)."""
    if store.dialect == "sqlite":
        path = store.engine.url.database
        assert path is not None
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
            conn.close()
        return
    with store.engine.connect() as conn, conn.begin() as transaction:
        _insert_claim(conn, event_id)
        try:
            yield
        finally:
            transaction.rollback()


def _insert_claim(conn: Connection, event_id: str) -> None:
    conn.execute(
        text("INSERT INTO processedevent (event_id, received_ts) VALUES (:id, 0)"), {"id": event_id}
    )


def test_a_short_wait_gives_up_on_a_held_lock_with_store_busy(store: Store) -> None:
    with (
        _held_claim(store, "EvHELD"),
        pytest.raises(StoreBusy),
        store.session(wait=0.2) as session,
    ):
        queries.claim_event(session, "EvHELD", now_ts())

    with store.session(wait=0.2) as session:  # free again
        assert queries.claim_event(session, "EvHELD", now_ts()) is True


def test_the_next_session_waits_as_long_as_ever(sqlite_store: Store) -> None:
    for _ in range(3):  # the pool hands the same connection back
        with sqlite_store.session(wait=0.2) as session:
            queries.ping(session)
        with sqlite_store.session() as session:
            waits = session.connection().exec_driver_sql("PRAGMA busy_timeout").scalar()
        assert waits == int(LOCK_WAIT * 1000)
