"""Opening the store from DATABASE_URL (storage/db.py): the schemes taken, and no password shown."""

from __future__ import annotations

import pytest
from conftest import postgres_url

from storage import queries
from storage.db import StoreError, make_engine, masked_url, open_store


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


def test_a_postgres_scheme_url_opens_the_real_server() -> None:
    url = postgres_url()
    assert url is not None
    rest = url.split("://", 1)[1]
    store = open_store(f"postgres://{rest}")
    try:
        with store.session() as session:
            queries.ping(session)
    finally:
        store.dispose()
