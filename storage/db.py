"""Engine, sessions and migrations of the store.

`open_store(url)` is the one way in: it builds the engine (SQLite in WAL mode
or PostgreSQL through psycopg), brings the schema up to date with Alembic and
returns a `Store` that hands out sessions as context managers.

Alembic is imported only when a migration is due: importing it takes longer
than a whole `cibwatch check` otherwise does (about 0.1-0.2 s), so an open
first compares the store's revision with the bundled scripts' newest one.
"""

from __future__ import annotations

import ast
import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    DBAPIError,
    OperationalError,
    ProgrammingError,
)
from sqlmodel import Session, create_engine

from storage.indexes import restore_indexes

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
#: `revision = "0004"` and `down_revision = "0003"` lines of a migration script.
_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+)$", re.MULTILINE)


#: Seconds a write waits for another writer's lock by default: the CLI (an ingest, a
#: sweep) waits out the bot's small writes. The bot asks for less (`Store.session(wait=)`).
LOCK_WAIT = 30.0


class StoreError(Exception):
    """A store problem a user can fix (bad URL, server down); message is user-facing."""


class StoreBusy(StoreError):
    """Another writer held the store's lock for longer than this session would wait."""

    def __init__(self) -> None:
        super().__init__(
            "the store is busy with a long write (an ingest or a sweep); try again in a minute"
        )


def is_lock_timeout(error: BaseException) -> bool:
    """True if `error` is the database giving up on a lock another writer holds.

    SQLite: "database is locked" once its busy timeout ran out (SQLITE_BUSY,
    or SQLITE_LOCKED inside one connection); PostgreSQL: lock_not_available
    (55P03), raised when a session's lock_timeout ran out.
    """
    orig = getattr(error, "orig", error)
    name = str(getattr(orig, "sqlite_errorname", ""))
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return True
    return getattr(orig, "sqlstate", None) == "55P03"


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_conn.cursor()
    # WAL lets the bot read while an ingest writes; NORMAL sync is safe under WAL.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(LOCK_WAIT * 1000)}")
    cursor.execute("PRAGMA cache_size=-65536")
    # Checkpoint the WAL every ~32 MB rather than 4 MB: big ingests rewrite the
    # same index pages, and fewer checkpoints write each of them fewer times.
    cursor.execute("PRAGMA wal_autocheckpoint=8000")
    cursor.close()


def _sqlite_default_wait(dbapi_conn, _record, _proxy) -> None:  # type: ignore[no-untyped-def]
    # Every checkout starts from the default wait: a session that asked for a short
    # one (Store.session(wait=...)) leaves it on the connection it gives back.
    cursor = dbapi_conn.cursor()
    cursor.execute(f"PRAGMA busy_timeout={int(LOCK_WAIT * 1000)}")
    cursor.close()


#: DATABASE_URL schemes taken as PostgreSQL, all through the psycopg (3) driver.
POSTGRES_SCHEMES = ("postgresql+psycopg://", "postgresql://", "postgres://")


def masked_url(url: str) -> str:
    """`url` with its password and its query replaced by `***`, for messages and logs.

    Everything between the user name and the last "@" is masked, so a
    password holding "@" or "/" never shows, even in part; so is everything
    after a "?" or "#" (`?password=...` is a password too); a text that is
    not a URL at all is masked whole.
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        return "***" if url else url
    at = rest.rfind("@")
    user, colon, _password = rest[:at].partition(":") if at != -1 else ("", "", "")
    where = rest[at + 1 :]
    cut = min((i for i in (where.find("?"), where.find("#")) if i != -1), default=-1)
    if cut != -1:
        where = where[:cut] + where[cut] + "***"
    if at == -1:
        return f"{scheme}://{where}"
    return f"{scheme}://{user}{':***' if colon else ''}@{where}"


#: Said of a URL whose password holds a raw "@": what follows it would be taken for the host.
_RAW_AT = (
    "DATABASE_URL holds an '@' after the one that ends the password: write each '@' "
    "in the password as %40 (and ':' as %3A, '/' as %2F)"
)


def store_url(url: str) -> URL:
    """`url` read as a SQLAlchemy URL; StoreError (password masked) if it cannot be.

    A PostgreSQL URL whose host or database holds an "@" is refused: the
    password had an unescaped "@", so part of it would stand in the host's
    place in every message that names the server.
    """
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # a port that is not a number, a mangled URL
        raise StoreError(f"DATABASE_URL is not a readable URL: {masked_url(url)}") from None
    if (
        parsed.get_backend_name() != "sqlite"
        and "@" in f"{parsed.host or ''}{parsed.database or ''}"
    ):
        raise StoreError(_RAW_AT)
    return parsed


def make_engine(url: str) -> Engine:
    """Build an engine for `url`: sqlite:///..., or PostgreSQL as postgresql+psycopg://,
    postgresql:// or postgres://; raises StoreError (password masked) for anything else."""
    postgres = url.startswith(POSTGRES_SCHEMES)
    if not postgres and not url.startswith(("sqlite://", "sqlite+pysqlite://")):
        raise StoreError(
            "DATABASE_URL must be sqlite:///PATH or postgresql://USER:PASSWORD@HOST/DB "
            f"(also postgres:// or postgresql+psycopg://), not {masked_url(url)}"
        )
    parsed = store_url(url)
    try:
        if postgres:
            parsed = parsed.set(drivername="postgresql+psycopg")
            return create_engine(parsed, pool_pre_ping=True, pool_size=10, max_overflow=10)
        engine = create_engine(parsed, connect_args={"check_same_thread": False, "timeout": 30})
    except (ArgumentError, ValueError):  # an option the dialect cannot read
        raise StoreError(f"DATABASE_URL is not a readable URL: {masked_url(url)}") from None
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "checkout", _sqlite_default_wait)
    return engine


#: Words for what a driver said when the store could not be opened, matched on its text
#: (psycopg gives no SQLSTATE for a failed connection). The text itself is never shown:
#: it names hosts, ports, users and, in some shapes of URL, what should have been a password.
_CAUSES = (
    ("unable to open database file", "the file cannot be opened (check its folder and rights)"),
    ("readonly database", "the file is read-only"),
    ("file is not a database", "the file is not a SQLite database"),
    ("database is locked", "another process held it locked past the wait (try again when it ends)"),
    ("password authentication failed", "the server refused the user name or password"),
    ("no password supplied", "the server wants a password and DATABASE_URL gives none"),
    ('role "', "the server has no such user"),
    ('database "', "the server has no such database"),
    ("connection refused", "nothing answers at that host and port"),
    ("resolve host", "the host name is not known"),
    ("translate host name", "the host name is not known"),
    ("timeout expired", "the server did not answer in time"),
    ("no such file or directory", "no server listens on that socket"),
    ("invalid port", "the port is not a port number"),
    ("permission denied", "the user may not create or change the store's tables"),
    ("invalid", "DATABASE_URL has an option the driver does not accept"),
)


def _known_cause(
    error: BaseException, causes: tuple[tuple[str, str], ...] | None = None
) -> str | None:
    """Words from `causes` (default `_CAUSES`) for what the driver said, or None when none fits."""
    text = str(getattr(error, "orig", None) or error).lower()
    return next((words for key, words in causes or _CAUSES if key in text), None)


def open_failure(url: str, error: BaseException) -> StoreError:
    """A StoreError saying in cibwatch's words why the store at `url` could not be opened.

    Names the store as `describe_store` does and the cause from `_CAUSES`;
    never repeats the driver's text.
    """
    cause = _known_cause(error)
    return StoreError(
        f"cannot open the store ({describe_store(url)}): "
        f"{cause or 'the database refused the connection'}; check DATABASE_URL"
    )


#: Words for what SQLite said when a store that opened fails in the middle of work.
_WORK_CAUSES = (
    ("database or disk is full", "the disk that holds the store is full"),
    ("disk i/o error", "the disk that holds the store failed to read or write"),
    ("readonly database", "the store's file is read-only"),
    ("file is not a database", "the store's file is not a SQLite database"),
    ("malformed", "the store's file is damaged"),
)


def work_failure(error: DBAPIError) -> StoreError:
    """A StoreError saying in cibwatch's words why the store failed in the middle of work.

    A lock held past the wait is StoreBusy; a full disk, a disk error or a
    damaged file is named; anything else (a server gone away) is "the store
    did not answer". The driver's text is never repeated: it can name hosts.
    """
    if is_lock_timeout(error):
        return StoreBusy()
    return StoreError(_known_cause(error, _WORK_CAUSES) or "the store did not answer")


def alembic_config(engine: Engine) -> Config:
    """An Alembic config that migrates `engine` with the bundled scripts."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine) -> None:
    """Apply every pending migration to the database behind `engine`.

    A store that cannot be reached or changed raises StoreError in cibwatch's
    words (`open_failure`), never the driver's.
    """
    from alembic import command

    try:
        command.upgrade(alembic_config(engine), "head")
    except DatabaseError as exc:  # connection refused, permission denied, not a database ...
        if isinstance(exc, OperationalError | ProgrammingError) or _known_cause(exc):
            raise open_failure(engine.url.render_as_string(), exc) from exc
        raise


@cache
def schema_heads() -> frozenset[str]:
    """The newest revision(s) of the bundled migration scripts, read from their files."""
    revisions: set[str] = set()
    replaced: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        lines = dict(_REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        if "revision" not in lines:
            continue
        revisions.add(str(ast.literal_eval(lines["revision"])))
        down = ast.literal_eval(lines.get("down_revision", "None"))
        replaced.update([down] if isinstance(down, str) else down or ())
    return frozenset(revisions - replaced)


def schema_is_current(engine: Engine) -> bool:
    """Whether the store behind `engine` is at the bundled scripts' newest revision.

    False also when it cannot be read (no schema yet, server down): the
    upgrade that follows then migrates it, or says what is wrong.
    """
    try:
        with engine.connect() as conn:
            found = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
    except DBAPIError:
        return False
    return frozenset(found) == schema_heads()


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite store at `url` (None for other stores and in-memory SQLite)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # a port that is not a number, a mangled URL
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).absolute()


def describe_store(url: str) -> str:
    """Where the store at `url` is, in words: a file's path or a server's host and database.

    Never the password, so it can be printed and logged.
    """
    try:
        parsed = store_url(url)
    except StoreError:  # nothing of it is repeated: it may hold a password
        return "an address that is not a database URL"
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        path = sqlite_file(url)
        return f"SQLite file {path}" if path else "SQLite in memory"
    if backend in ("postgresql", "postgres"):
        socket_dir = parsed.query.get("host")
        host = parsed.host or (socket_dir if isinstance(socket_dir, str) else None) or "localhost"
        where = f"{host}:{parsed.port}" if parsed.port else host
        user = f" as {parsed.username}" if parsed.username else ""
        return f"PostgreSQL database {parsed.database or '(default)'} on {where}{user}"
    return f"a {backend} store on {parsed.host or 'localhost'}"


class Store:
    """The store behind one DATABASE_URL: an engine and sessions on it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    @contextmanager
    def session(self, wait: float | None = None) -> Iterator[Session]:
        """A session that commits on success and rolls back on error.

        A write waits up to LOCK_WAIT seconds for another writer's lock, or
        `wait` seconds when given (the bot's small writes: a Slack user is
        waiting); past it, StoreBusy is raised, never the driver's error.
        """
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                if wait is not None:
                    _limit_wait(session, wait)
                yield session
                session.commit()
            except BaseException as exc:
                session.rollback()
                if isinstance(exc, DBAPIError) and is_lock_timeout(exc):
                    raise StoreBusy() from exc
                raise

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def _limit_wait(session: Session, wait: float) -> None:
    """Make this session's transaction wait at most `wait` seconds for a lock."""
    millis = max(1, int(wait * 1000))
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA busy_timeout={millis}")
    else:  # ends with the transaction, so the pooled connection keeps its default
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = {millis}")


def open_store(url: str, *, migrate: bool = True) -> Store:
    """Open the store at `url`, applying migrations unless `migrate` is False."""
    engine = make_engine(url)
    if migrate:
        if not schema_is_current(engine):
            upgrade(engine)
        # A bulk ingest that was killed may have left its deferred indexes out.
        restore_indexes(engine)
    return Store(engine)


def now_ts() -> int:
    """The current time as UTC epoch seconds, the store's time unit."""
    return int(time.time())


#: SQLite's application id (file header, offset 68) of a store made by `cibwatch demo`,
#: "cibd": the demo replaces such a file on its next run, and refuses any other.
DEMO_APPLICATION_ID = 0x63696264


def mark_demo_store(store: Store) -> None:
    """Mark a SQLite store as the demo's own, in its file header."""
    with store.engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id = {DEMO_APPLICATION_ID}")
    with store.engine.connect() as conn:
        # Out of the WAL into the file itself, so the mark holds even if the demo is killed.
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def is_demo_store(path: Path) -> bool:
    """Whether `path` is a SQLite file marked by `mark_demo_store` (read from its header only)."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(72)
    except OSError:  # a folder, unreadable
        return False
    return (
        header.startswith(b"SQLite format 3\x00")
        and int.from_bytes(header[68:72], "big") == DEMO_APPLICATION_ID
    )


def dialect_insert(session: Session) -> Any:
    """The INSERT of the session's dialect, which has ON CONFLICT (`on_conflict_do_nothing`, ...).

    Imported when first used: the engine has loaded its dialect already, while
    importing PostgreSQL's at start-up would slow every `cibwatch check` on SQLite.
    """
    from sqlalchemy.dialects import postgresql, sqlite

    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def insert_new(
    session: Session,
    model: Any,
    unique: Sequence[str],
    values: dict[str, Any],
    returning: str | None = None,
) -> Any | None:
    """Insert the row `values` into `model`'s table unless one with the same `unique`
    columns is there; the new row's `returning` column (default: the first of
    `unique`), or None when the row was there already.

    One INSERT ... ON CONFLICT DO NOTHING ... RETURNING, so of two bot
    replicas (or threads) racing to claim the same key on one PostgreSQL or
    SQLite store exactly one gets a value. RETURNING rather than rowcount:
    the latter is not reliable for ON CONFLICT through the ORM session on
    every driver.
    """
    table = model.__table__
    statement = (
        dialect_insert(session)(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=list(unique))
        .returning(table.c[returning or unique[0]])
    )
    row = session.execute(statement).first()
    return None if row is None else row[0]


def insert_rows(
    conn: Connection, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """INSERT `rows` (values in `columns` order) into `table` through the driver's executemany.

    For bulk writes on SQLite (ingest, a sweep's state): at a million posts
    SQLAlchemy's per-row parameter processing costs more than SQLite's own
    work (a sweep from scratch writes about 1.6 million state rows).
    """
    if rows:
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
        conn.exec_driver_sql(sql, rows)  # type: ignore[arg-type]
