"""Shared fixtures: real stores (SQLite files and a PostgreSQL server) and generated data.

PostgreSQL tests use the server named by CIBWATCH_TEST_POSTGRES_URL. Without
it they skip on a developer's machine, but fail under CI=true: CI must test
the real server.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from storage.db import Store, open_store  # noqa: E402

PG_ENV = "CIBWATCH_TEST_POSTGRES_URL"


def postgres_url() -> str | None:
    """The test server's URL, or None (skip) outside CI; fails the test in CI."""
    url = os.environ.get(PG_ENV)
    if url:
        return url
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"{PG_ENV} is not set: CI must run the store tests against PostgreSQL")
    pytest.skip(f"{PG_ENV} not set (start one with: bash .ci/postgres.sh)")
    return None


def _reset_postgres(url: str) -> None:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """A fresh SQLite store in a temporary file."""
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    yield store
    store.dispose()


@pytest.fixture
def postgres_store() -> Iterator[Store]:
    """A fresh PostgreSQL store (schema dropped and migrated anew)."""
    url = postgres_url()
    assert url is not None
    _reset_postgres(url)
    store = open_store(url)
    yield store
    store.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """The same test on SQLite and on PostgreSQL."""
    name = "sqlite_store" if request.param == "sqlite" else "postgres_store"
    yield request.getfixturevalue(name)
