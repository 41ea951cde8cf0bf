"""No DATABASE_URL password and no driver text in what a user sees when a store will not open.

Every shape of URL below hides a password (two distinctive pieces, so a
password cut in two by an unescaped "@" is caught too). The store is either a
port nothing listens on or the real test server asked for a database it does
not have; the driver's own text (which names hosts, users and, for some
options, echoes their values) must never reach the message either.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from factories import record, write_jsonl
from test_cli import cibwatch

from storage.db import Store, StoreError, describe_store, masked_url, open_store

PIECES = ("Hu7nterQ", "Zx9pw")

#: DATABASE_URL shapes, each hiding PIECES; {user}, {where} (host:port) and {db} filled in.
SHAPES = {
    "plain": "postgresql://{user}:Hu7nterQZx9pw@{where}/{db}",
    "percent_encoded_at": "postgres://{user}:Hu7nterQ%40Zx9pw@{where}/{db}",
    "raw_at": "postgresql://{user}:Hu7nterQ@Zx9pw@{where}/{db}",
    "colon": "postgresql+psycopg://{user}:Hu7nterQ:Zx9pw@{where}/{db}",
    "slash": "postgresql://{user}:Hu7nterQ/Zx9pw@{where}/{db}",
    "question_mark": "postgresql://{user}:Hu7nterQ?Zx9pw@{where}/{db}",
    "in_query": "postgresql://{user}@{where}/{db}?password=Hu7nterQZx9pw",
    "option_the_driver_echoes": "postgresql://{user}@{where}/{db}?password=Hu7nterQ&sslmode=Zx9pw",
    "port_not_a_number": "postgresql://{user}:Hu7nterQZx9pw@127.0.0.1:notaport/{db}",
    "no_scheme": "host=127.0.0.1 user={user} password=Hu7nterQZx9pw dbname={db}",
    "other_scheme": "mysql://{user}:Hu7nterQ@{where}/{db}?password=Zx9pw",
}

#: Marks of a driver's or SQLAlchemy's own text.
DRIVER_TEXT = (
    "(psycopg.",
    "(sqlite3.",
    "OperationalError",
    "ProgrammingError",
    "FATAL",
    "connection to server",
    "sqlalche.me",
    "Traceback",
)


def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def missing_database_url(shape: str, server_store: Store) -> str:
    """`shape` naming the real test server, its user, and a database it does not have."""
    server = server_store.engine.url
    where = f"{server.host}:{server.port or 5432}"
    return SHAPES[shape].format(user=server.username, where=where, db="cibwatch_no_such_db")


def what_a_user_sees(url: str) -> str:
    """The store's name and the error as every entry shows them (they all open through here)."""
    with pytest.raises(StoreError) as refused:
        open_store(url)
    return f"{describe_store(url)}\n{refused.value}"


def assert_nothing_secret(said: str) -> None:
    for piece in PIECES:
        assert piece not in said, said
    for mark in DRIVER_TEXT:
        assert mark not in said, said


@pytest.mark.parametrize("shape", SHAPES)
def test_no_password_or_driver_text_when_nothing_listens(shape: str) -> None:
    url = SHAPES[shape].format(user="cib", where=f"127.0.0.1:{closed_port()}", db="cibwatch")
    assert_nothing_secret(what_a_user_sees(url))


@pytest.mark.postgres
@pytest.mark.parametrize("shape", SHAPES)
def test_no_password_or_driver_text_when_the_server_refuses(
    shape: str, postgres_store: Store
) -> None:
    assert_nothing_secret(what_a_user_sees(missing_database_url(shape, postgres_store)))


def test_the_reason_is_said_in_cibwatchs_words() -> None:
    said = what_a_user_sees(f"postgresql://cib:Hu7nterQZx9pw@127.0.0.1:{closed_port()}/cibwatch")
    assert "nothing answers at that host and port" in said
    raw_at = what_a_user_sees("postgresql://cib:Hu7nterQ@Zx9pw@db.internal/cibwatch")
    assert "%40" in raw_at


@pytest.mark.parametrize(
    "url",
    [
        "mysql://db/cib?password=Hu7nterQZx9pw",
        "mysql://cib:Hu7nterQ@db/cib?sslmode=Zx9pw",
        "postgres://cib@db/cib#Hu7nterQZx9pw",
        "mysql://cib:Hu7nterQ@Zx9pw@db/cib",
    ],
)
def test_masked_url_hides_passwords_in_the_query_too(url: str) -> None:
    masked = masked_url(url)
    assert masked.endswith(("***", "@db/cib"))
    for piece in PIECES:
        assert piece not in masked


@pytest.mark.postgres
@pytest.mark.parametrize(
    "entry",
    [
        ["check", "@a"],
        ["status"],
        ["ingest", "posts.jsonl"],
        ["sweep"],
        ["db", "upgrade"],
        ["serve", "--port", "0"],
        ["socket"],
    ],
    ids=" ".join,
)
def test_every_entry_names_no_password_and_no_driver_text(
    tmp_path: Path, entry: list[str], postgres_store: Store
) -> None:
    write_jsonl(tmp_path / "posts.jsonl", [record("1", "someone")])
    env = {
        "DATABASE_URL": missing_database_url("percent_encoded_at", postgres_store),
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "test-secret",
        "SLACK_APP_TOKEN": "xapp-test",
    }
    result = cibwatch(*entry, cwd=tmp_path, env=env)
    assert result.returncode == 1
    assert "the server has no such database" in result.stderr
    assert_nothing_secret(result.stdout + result.stderr)
