"""Opening a store: the revision check that spares Alembic, and how a store is named to people."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from storage.db import (
    Store,
    alembic_config,
    describe_store,
    make_engine,
    schema_heads,
    schema_is_current,
    sqlite_file,
    upgrade,
)
from storage.indexes import defer_indexes, restore_indexes


def test_schema_heads_read_from_the_scripts_are_alembics_heads(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    heads = ScriptDirectory.from_config(alembic_config(engine)).get_heads()
    engine.dispose()
    assert schema_heads() == frozenset(heads)
    assert len(heads) == 1


def test_a_store_is_current_only_at_the_newest_revision(store: Store, tmp_path: Path) -> None:
    assert schema_is_current(store.engine)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    assert not schema_is_current(store.engine)
    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    assert not schema_is_current(fresh)  # no schema at all
    fresh.dispose()


def test_stores_are_named_by_file_or_host_never_by_password() -> None:
    assert describe_store("sqlite:////data/cib/cibwatch.db") == "SQLite file /data/cib/cibwatch.db"
    assert describe_store("sqlite://") == "SQLite in memory"
    assert describe_store("sqlite:///relative.db") == f"SQLite file {Path.cwd() / 'relative.db'}"
    assert (
        describe_store("postgresql+psycopg://cib:hunter2@db.example:6543/cibwatch")
        == "PostgreSQL database cibwatch on db.example:6543 as cib"
    )
    assert (
        describe_store("postgresql://cib:hunter2@/cibwatch?host=/var/run/postgresql")
        == "PostgreSQL database cibwatch on /var/run/postgresql as cib"
    )
    for url in (
        "mysql://root:hunter2@db/x",
        "nonsense with hunter2 in it",
        "postgres://u:hunter2@h/d",
    ):
        assert "hunter2" not in describe_store(url), url


def test_sqlite_file_is_the_absolute_path_of_a_file_store() -> None:
    assert sqlite_file("sqlite:////data/cibwatch.db") == Path("/data/cibwatch.db")
    assert sqlite_file("sqlite:///here.db") == Path.cwd() / "here.db"
    assert sqlite_file("sqlite://") is None
    assert sqlite_file("sqlite:///:memory:") is None
    assert sqlite_file("postgresql+psycopg://u@h/d") is None


def _hashtag_indexes(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        return {str(ix["name"]) for ix in inspect(conn).get_indexes("posthashtag")}


def test_hashtags_are_indexed_by_post_from_revision_0009(store: Store) -> None:
    """An incremental sweep reads the hashtags of its new posts by post_pk."""
    assert "ix_posthashtag_post" in _hashtag_indexes(store)
    command.downgrade(alembic_config(store.engine), "0008")
    assert "ix_posthashtag_post" not in _hashtag_indexes(store)
    upgrade(store.engine)  # a store left at 0008 gets it on its next open
    assert "ix_posthashtag_post" in _hashtag_indexes(store)
    assert schema_is_current(store.engine)


def test_a_bulk_load_defers_the_hashtag_index_and_builds_it_after(store: Store) -> None:
    """Into an empty store a load drops it like the other secondary indexes, and builds it after."""
    dropped = defer_indexes(store.engine)
    assert "ix_posthashtag_post" in {index.name for index in dropped}
    assert "ix_posthashtag_post" not in _hashtag_indexes(store)
    restore_indexes(store.engine, recount=True)
    assert "ix_posthashtag_post" in _hashtag_indexes(store)
