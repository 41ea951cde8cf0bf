"""Ingest: stream post records from files into the store in batches.

Each batch is one transaction: a crash or Ctrl-C loses at most the batch in
flight, and a re-run skips what is already stored (unique on platform and
post_id), so it ends in the same state as one clean run. A stored post_id met
again with other content is never overwritten: it is reported as a conflicting
duplicate. Memory is bounded by the batch size, whatever the file size.
"""

from __future__ import annotations

import gc
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import chain, islice
from multiprocessing import get_context
from pathlib import Path
from typing import IO

import orjson
from sqlalchemy import Index, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from storage import pgcopy
from storage.db import Store, StoreError, insert_rows, now_ts, work_failure
from storage.formats.catalog import RECORDS, detect_format
from storage.formats.common import Item
from storage.formats.registry import Format, UnknownFormatError, read_head
from storage.formats.sources import Source
from storage.indexes import defer_indexes, restore_indexes
from storage.models import Account
from storage.pgcopy import POST_COLUMNS, post_row
from storage.records import (
    AccountRecord,
    InputFileError,
    PostRecord,
    Rejected,
    check_account_items,
    check_items,
    check_lines,
    record_json,
)

BATCH_SIZE = 5000
ACCOUNT_COLUMNS = (
    "platform",
    "handle",
    "handle_key",
    "author_id",
    "created_ts",
    "first_ingested_ts",
    "post_count",
)
#: Batches checked ahead of the writer; bounds memory in the parallel path.
PREFETCH = 4
#: How many rejects are listed in the summary; all of them go to the rejects file.
SHOWN_REJECTS = 20

ProgressCallback = Callable[[int, int], None]


@dataclass
class IngestReport:
    """What one file's ingest did."""

    path: Path
    read: int = 0
    loaded: int = 0
    already_present: int = 0  # exact duplicates (once normalised) of a stored post
    conflicting: int = 0  # a stored post_id with other content: not loaded, in the rejects file
    rejected: int = 0
    rejects: list[Rejected] = field(default_factory=list)  # the first SHOWN_REJECTS
    rejects_path: Path | None = None
    format: str = "records"  # the reader's --format name
    kind: str = "posts"  # "accounts" for a list of accounts: loaded counts accounts


@dataclass
class IngestMemory:
    """What one ingest remembers from batch to batch: the accounts it met (each is
    looked up in the store once) and whether the last batch was stored already."""

    ids: dict[tuple[str, str], int] = field(default_factory=dict)  # by (platform, handle)
    #: Ids of those whose author_id and creation time are both stored: a deferred
    #: load has nothing to give them.
    complete: set[int] = field(default_factory=set)
    #: Whether the last batch was stored already, whole: the next one likely is too.
    last_batch_stored: bool = False
    #: Whether a record of this ingest was found stored: from then on a batch is
    #: probed before it is copied straight in (PostgreSQL).
    met_stored: bool = False


class IngestError(Exception):
    """A file that could not be read to its end (not gzip, truncated); the message is user-facing.

    `report` says what was read and loaded before that: those records are kept.
    """

    def __init__(self, message: str, report: IngestReport) -> None:
        super().__init__(message)
        self.report = report


class IngestInterrupted(KeyboardInterrupt):
    """Ctrl-C during an ingest, raised once the batch being written is stored whole.

    `report` says what was read and loaded before: those records stay
    stored, and a re-run skips them. Still a KeyboardInterrupt, so a caller
    that does not know it stops as on any Ctrl-C.
    """

    def __init__(self, report: IngestReport) -> None:
        super().__init__()
        self.report = report


class RejectsUnwritable(Exception):
    """The rejects file cannot be written: the load stops rather than lose a rejected record."""


def rejects_path_for(path: Path) -> Path:
    """Where the rejects of `path` are written: next to it, FILE.rejects.jsonl."""
    return Source(path).rejects_path


def ingest_file(
    store: Store,
    path: Path,
    *,
    batch_size: int = BATCH_SIZE,
    on_progress: ProgressCallback | None = None,
    parallel: bool | None = None,
    fmt: Format | None = None,
) -> IngestReport:
    """Load every good record of the file `path` into `store`; see `ingest_source`."""
    return ingest_source(
        store,
        Source(path),
        batch_size=batch_size,
        on_progress=on_progress,
        parallel=parallel,
        fmt=fmt,
    )


def ingest_source(
    store: Store,
    source: Source,
    *,
    batch_size: int = BATCH_SIZE,
    on_progress: ProgressCallback | None = None,
    parallel: bool | None = None,
    fmt: Format | None = None,
) -> IngestReport:
    """Load every good record of `source` into `store`; write bad ones to the rejects file.

    The format is `fmt`, or told from the file's first lines
    (`storage.formats.catalog`). With `parallel` (default: for files in the
    record format's JSONL over a few batches) a second process parses and
    validates the next batches while this one writes. Raises `IngestError`
    when the file cannot be read to its end, or is of no known format; what
    was loaded before stays loaded, also when the store fails mid-way (a
    lock held past the wait, a full disk). Ctrl-C raises `IngestInterrupted`
    once the batch being written is stored whole.
    """
    report = IngestReport(path=Path(source.label))
    reject_file: IO[bytes] | None = None
    try:
        text, raw = source.open()
        total = source.size
    except InputFileError as exc:
        raise IngestError(f"{source.label}: {exc}; nothing read", report) from None
    failure: str | None = None
    store_failure: StoreError | None = None
    interrupted = False
    deferred: list[Index] = []
    collecting = False
    try:
        head = read_head(text)
        chosen = fmt or detect_format(head)
        report.format, report.kind = chosen.name, chosen.kind
        lines = chain(head.lines, text)
        if parallel is None:
            parallel = total > 4 * batch_size * 200
        parallel = parallel and chosen is RECORDS and head.columns is None
        memory = IngestMemory()
        deferred = defer_indexes(store.engine) if parallel else []
        # Batches are thousands of long-lived objects made at once and free of
        # cycles: the collector's passes over them cost a fifth of a big load.
        # Workers forked from here inherit the pause.
        collecting = gc.isenabled()
        gc.disable()

        def settle(stored: Future[list[Rejected]], bad: list[Rejected]) -> None:
            """Wait for a batch's write; keep its rejects and its conflicts, in line order."""
            nonlocal reject_file
            conflicts = stored.result()
            report.conflicting += len(conflicts)
            try:
                for rejected in sorted(bad + conflicts, key=lambda r: r.line) if conflicts else bad:
                    if len(report.rejects) < SHOWN_REJECTS:
                        report.rejects.append(rejected)
                    if reject_file is None:
                        report.rejects_path = source.rejects_path
                        reject_file = open(report.rejects_path, "wb")  # noqa: SIM115
                    reject_file.write(
                        orjson.dumps(
                            {
                                "line": rejected.line,
                                "reason": rejected.reason,
                                "record": rejected.raw,
                            }
                        )
                        + b"\n"
                    )
            except OSError as exc:  # a full disk, a folder in the way: rejects are never dropped
                raise RejectsUnwritable(
                    f"cannot write the rejected records to {source.rejects_path} "
                    f"({exc.strerror or exc}), so the load stopped"
                ) from None
            if on_progress:
                on_progress(raw.tell(), total)

        # A writer thread stores batch N while this one reads and checks batch
        # N+1 (the store's driver leaves the interpreter while it waits). One
        # batch in flight at most: memory stays bounded, and a batch's rejects
        # are written before the next one's, in file order.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-writer") as writer:
            in_flight: tuple[Future[list[Rejected]], list[Rejected]] | None = None
            try:
                for good, bad, read in _checked_batches(chosen, lines, batch_size, parallel):
                    if in_flight is not None:
                        done, in_flight = in_flight, None
                        settle(*done)
                    report.read += read
                    report.rejected += len(bad)
                    if chosen.kind == "accounts":
                        stored = writer.submit(_write_accounts, store, good, report)  # type: ignore[arg-type]
                    else:
                        stored = writer.submit(
                            _write,
                            store,
                            good,  # type: ignore[arg-type]
                            report,
                            memory,
                            counted=not deferred,
                        )
                    in_flight = (stored, bad)
            finally:
                # Also when reading failed: the batch in flight is stored by
                # now (the writer is waited for), and its rejects are kept.
                if in_flight is not None:
                    settle(*in_flight)
        if on_progress:
            on_progress(total, total)
    except (InputFileError, UnknownFormatError, RejectsUnwritable) as exc:
        failure = str(exc)
    except DBAPIError as exc:  # the batch's transaction was rolled back whole
        store_failure = work_failure(exc)
    except StoreError as exc:
        store_failure = exc
    except KeyboardInterrupt:  # the writer has stored its batch by now (see above)
        interrupted = True
    finally:
        if collecting:
            gc.enable()
        text.close()
        if reject_file is not None:
            reject_file.close()
        if deferred:
            restore_indexes(store.engine, recount=True)
    if interrupted:
        raise IngestInterrupted(report)
    if store_failure is not None:
        raise IngestError(
            f"{source.label}: the store failed: {store_failure} ({report.read:,} records read, "
            f"{report.loaded:,} loaded and kept); run the same command again to go on",
            report,
        )
    if report.rejects_path is None and failure is None:
        # A clean run leaves no stale rejects file from an earlier run behind.
        stale = source.rejects_path
        if stale.is_file():
            stale.unlink()
    if failure is not None:
        if report.read == 0:
            raise IngestError(f"{source.label}: {failure}; nothing read", report)
        raise IngestError(
            f"{source.label}: {failure} ({report.read:,} records read before, "
            f"{report.loaded:,} loaded)",
            report,
        )
    if text.failure == "truncated":
        raise IngestError(
            f"{source.label}: the .gz file is truncated: {report.read:,} records read before it "
            f"ends ({report.loaded:,} loaded); the rest of the file is missing",
            report,
        )
    if text.failure:
        raise IngestError(
            f"{source.label}: the .gz file is {text.failure} after {report.read:,} records "
            f"({report.loaded:,} loaded); the rest of the file was not read",
            report,
        )
    return report


def _checked_batches(
    fmt: Format, text: Iterator[str], batch_size: int, parallel: bool
) -> Iterator[tuple[list[PostRecord] | list[AccountRecord], list[Rejected], int]]:
    """(valid records, rejects, items read) per batch, in file order."""
    check = check_account_items if fmt.kind == "accounts" else check_items
    if not parallel:
        items: list[Item] = []
        try:
            for item in fmt.read(text):
                items.append(item)
                if len(items) >= batch_size:
                    yield (*check(items), len(items))
                    items = []
        except InputFileError:
            if items:  # what was read before the file broke off still loads
                yield (*check(items), len(items))
            raise
        if items:
            yield (*check(items), len(items))
        return
    # JSONL only: lines are independent, so batches can be checked elsewhere.
    workers = max(1, min(2, (os.cpu_count() or 1)))
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=get_context("fork"), initializer=_leave_interrupts
    ) as pool:
        pending: deque[tuple[Future[tuple[list[PostRecord], list[Rejected]]], int]] = deque()
        number = 1
        while True:
            lines = list(islice(text, batch_size))
            if lines:
                pending.append(
                    (pool.submit(check_lines, number, lines), sum(1 for x in lines if x.strip()))
                )
                number += len(lines)
            if pending and (len(pending) > PREFETCH or not lines):
                future, read = pending.popleft()
                yield (*future.result(), read)
            if not lines and not pending:
                return


def _leave_interrupts() -> None:
    """In a checking worker: ignore Ctrl-C, which the terminal sends to every process of
    the command. The ingest itself stops them, after the batch it is writing."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _write(
    store: Store,
    batch: list[PostRecord],
    report: IngestReport,
    memory: IngestMemory,
    *,
    counted: bool = True,
) -> list[Rejected]:
    """Store one batch in one transaction, skipping posts already present.

    Returns the conflicting duplicates: records whose post_id is stored (or
    comes earlier in the batch) with other content. They are not loaded.
    PostgreSQL takes the batch through COPY and set-based statements
    (storage/pgcopy.py); SQLite, in process, through executemany. Without
    `counted` (a deferred load, storage/indexes.py) the accounts' post counts
    and first and last posts are left for the recount at the end.
    """
    if not batch:
        return []
    ingested = now_ts()
    with store.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            stored, differences = pgcopy.load_batch(
                conn,
                batch,
                memory.ids,
                _COMPARED,
                ingested,
                counted=counted,
                compare_first=memory.last_batch_stored,
                complete=None if counted else memory.complete,
                # A deferred load began with no post stored: its batches are new
                # until one is found stored.
                probe=counted or memory.met_stored,
            )
            memory.last_batch_stored = not stored
            memory.met_stored = memory.met_stored or bool(differences)
            loaded = len(stored)
            conflicts = [
                _conflict(batch[n], differ) for n, differ in sorted(differences.items()) if differ
            ]
        else:
            fresh, conflicts = _sort_out(batch, _stored_differences(conn, batch))
            loaded = len(fresh)
            if fresh:
                _insert_posts(conn, [batch[n] for n in fresh], ingested, memory, counted=counted)
        report.loaded += loaded
        report.already_present += len(batch) - loaded - len(conflicts)
    return conflicts


def _insert_posts(
    conn: Connection,
    fresh: list[PostRecord],
    ingested: int,
    memory: IngestMemory,
    *,
    counted: bool = True,
) -> None:
    """Insert posts known not to be stored, with their accounts, links and hashtags (SQLite)."""
    account_ids = _ensure_accounts(conn, fresh, ingested, memory)
    insert_rows(
        conn,
        "post",
        POST_COLUMNS,
        [post_row(r, account_ids[(r.platform, r.handle)], ingested) for r in fresh],
    )
    # The batch holds the write lock from its first insert, and SQLite gives
    # each new row the largest id so far plus one: the new posts' ids are the
    # last len(fresh) ids, in order. (INSERT ... RETURNING returns them one
    # row at a time, and reading them back by key costs a probe per post.)
    last = conn.exec_driver_sql("SELECT max(id) FROM post").scalar_one()
    url_rows: list[tuple[str, int]] = []
    tag_rows: list[tuple[str, int]] = []
    for post_pk, record in enumerate(fresh, start=last - len(fresh) + 1):
        url_rows.extend((u, post_pk) for u in record.urls)
        tag_rows.extend((t, post_pk) for t in record.hashtags)
    insert_rows(conn, "posturl", ("url", "post_pk"), url_rows)
    insert_rows(conn, "posthashtag", ("tag", "post_pk"), tag_rows)
    _update_account_activity(
        conn, fresh, account_ids, complete=None if counted else memory.complete
    )


def _write_accounts(
    store: Store, batch: list[AccountRecord], report: IngestReport
) -> list[Rejected]:
    """Store a batch of account records in one transaction; nothing in it conflicts.

    A new account is created (with no posts yet); a stored one gets the id and
    creation time it lacks, never loses or changes one it has. An account that
    gains nothing counts as already present.
    """
    table = Account.__table__  # type: ignore[attr-defined]
    unique: dict[tuple[str, str], AccountRecord] = {}
    for account in batch:
        unique.setdefault((account.platform, account.handle), account)
    report.already_present += len(batch) - len(unique)
    ingested = now_ts()
    with store.engine.begin() as conn:
        ids = _account_ids(conn, list(unique))
        known = {
            pk: (author_id, created_ts)
            for pk, author_id, created_ts in conn.execute(
                select(table.c.id, table.c.author_id, table.c.created_ts).where(
                    table.c.id.in_(list(ids.values()))
                )
            )
        }
        stored = {key: (pk, *known[pk]) for key, pk in ids.items()}
        fresh = [a for key, a in unique.items() if key not in stored]
        if fresh:
            conn.execute(
                insert(table),
                [
                    {
                        "platform": a.platform,
                        "handle": a.handle,
                        "handle_key": a.handle.lower(),
                        "author_id": a.author_id,
                        "created_ts": a.author_created_ts,
                        "first_ingested_ts": ingested,
                        "post_count": 0,
                    }
                    for a in fresh
                ],
            )
        for key, (pk, author_id, created_ts) in stored.items():
            account = unique[key]
            gains = {
                name: value
                for name, value, old in (
                    ("author_id", account.author_id, author_id),
                    ("created_ts", account.author_created_ts, created_ts),
                )
                if old is None and value is not None
            }
            if gains:
                conn.execute(update(table).where(table.c.id == pk).values(**gains))
                report.loaded += 1
            else:
                report.already_present += 1
        report.loaded += len(fresh)
    return []


#: What makes two records of one post_id the same post, in the record format's words.
#: Account-level fields (author_id, author_created_at) belong to the account, not the post.
_POST_CONTENT = (
    "author_handle",
    "posted_at",
    "text",
    "lang",
    "reply_to_post_id",
    "repost_of_post_id",
    "quoted_post_id",
)


def _content(record: PostRecord) -> tuple[object, ...]:
    """The post's own fields, in `_POST_CONTENT` order."""
    return (
        record.handle,
        record.posted_ts,
        record.text,
        record.lang,
        record.reply_to_post_id,
        record.repost_of_post_id,
        record.quoted_post_id,
    )


#: The fields compared, in the order a conflict names them.
_COMPARED = (*_POST_CONTENT, "urls", "hashtags")


def _differences(
    stored: tuple[object, ...], urls: set[str], tags: set[str], record: PostRecord
) -> list[str]:
    """Names of the fields in which `record` says something the stored post does not.

    Scalars must be equal; a link or hashtag the stored post lacks is a
    difference, one the record lacks is not (nothing would be lost by skipping it).
    """
    differ = [
        name
        for name, old, new in zip(_POST_CONTENT, stored, _content(record), strict=True)
        if old != new
    ]
    if not urls.issuperset(record.urls):
        differ.append("urls")
    if not tags.issuperset(record.hashtags):
        differ.append("hashtags")
    return differ


def _conflict(record: PostRecord, differ: list[str]) -> Rejected:
    return Rejected(
        line=record.line,
        reason=f"post_id {record.post_id} is already stored with a different {', '.join(differ)}; "
        "not loaded",
        raw=orjson.dumps(record_json(record)).decode(),
    )


def _sort_out(
    batch: list[PostRecord], stored: dict[int, list[str]]
) -> tuple[list[int], list[Rejected]]:
    """(places in `batch` of the records to store: not yet stored, first occurrence only;
    conflicting duplicates).

    `stored` holds, for each record of `batch` whose post is stored, the fields
    in which it differs from the stored post. A later copy of a new post is
    compared with its first copy. Equal copies count as already present
    (re-ingesting stays idempotent).
    """
    first: dict[tuple[str, str], PostRecord] = {}
    fresh: list[int] = []
    conflicts: list[Rejected] = []
    for n, record in enumerate(batch):
        key = (record.platform, record.post_id)
        if n in stored:
            differ = stored[n]
        elif key not in first:
            first[key] = record
            fresh.append(n)
            continue
        else:
            earlier = first[key]
            differ = _differences(
                _content(earlier), set(earlier.urls), set(earlier.hashtags), record
            )
        if differ:
            conflicts.append(_conflict(record, differ))
    return fresh, conflicts


def _stored_differences(conn: Connection, batch: list[PostRecord]) -> dict[int, list[str]]:
    """For each record of `batch` whose post is stored: the fields in which it differs from it."""
    unique: dict[tuple[str, str], PostRecord] = {}
    for record in batch:
        unique.setdefault((record.platform, record.post_id), record)
    stored = _stored_posts(conn, list(unique.values()))
    if not stored:
        return {}
    copies = [
        (n, r, entry) for n, r in enumerate(batch) if (entry := stored.get((r.platform, r.post_id)))
    ]
    urls = _stored_items(conn, "posturl", "url", [(r.urls, e[0]) for _, r, e in copies])
    tags = _stored_items(conn, "posthashtag", "tag", [(r.hashtags, e[0]) for _, r, e in copies])
    return {
        n: _differences(content, urls.get(pk, set()), tags.get(pk, set()), r)
        for n, r, (pk, content) in copies
    }


def _stored_posts(
    conn: Connection, records: list[PostRecord]
) -> dict[tuple[str, str], tuple[int, tuple[object, ...]]]:
    """(store id, content as `_content` gives it) of those of `records` already stored."""
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    by_platform: dict[str, list[str]] = {}
    for record in records:
        by_platform.setdefault(record.platform, []).append(record.post_id)
    found: dict[tuple[str, str], tuple[int, tuple[object, ...]]] = {}
    for platform, ids in by_platform.items():
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            sql = (
                "SELECT p.post_id, p.id, a.handle, p.posted_ts, p.text, p.lang, "
                "p.reply_to_post_id, p.repost_of_post_id, p.quoted_post_id "
                f"FROM post p JOIN account a ON a.id = p.account_id WHERE p.platform = {mark} "
                f"AND p.post_id IN ({', '.join([mark] * len(chunk))})"
            )
            for post_id, pk, *content in conn.exec_driver_sql(sql, (platform, *chunk)).all():  # type: ignore[arg-type]
                found[(platform, post_id)] = (pk, tuple(content))
    return found


def _stored_items(
    conn: Connection, table: str, column: str, wanted: list[tuple[list[str], int]]
) -> dict[int, set[str]]:
    """Which of the wanted (values, post id) pairs `table` holds, as {post id: values}.

    One primary-key probe per pair, (value = ? AND post_pk = ?) OR ...: the
    only index these tables always have (a bulk load drops the others), and on
    SQLite ten times faster than value IN (...) AND post_pk IN (...).
    """
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    pairs = [(value, pk) for values, pk in wanted for value in values]
    found: dict[int, set[str]] = {}
    for start in range(0, len(pairs), 400):
        chunk = pairs[start : start + 400]
        probe = f"({column} = {mark} AND post_pk = {mark})"
        sql = f"SELECT post_pk, {column} FROM {table} WHERE {' OR '.join([probe] * len(chunk))}"
        params = tuple(x for pair in chunk for x in pair)
        for pk, value in conn.exec_driver_sql(sql, params).all():  # type: ignore[arg-type]
            found.setdefault(pk, set()).add(value)
    return found


def _lookup(
    conn: Connection, table: str, column: str, platform: str, values: list[str]
) -> list[tuple[str, int]]:
    """(value, id) rows of `table` whose `column` is in `values` on `platform`.

    Plain DBAPI SQL: SQLAlchemy's expanding IN costs more than the query itself
    at these batch sizes, and this runs twice per batch.
    """
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    rows: list[tuple[str, int]] = []
    for start in range(0, len(values), 900):
        chunk = values[start : start + 900]
        sql = (
            f"SELECT {column}, id FROM {table} WHERE platform = {mark} "
            f"AND {column} IN ({', '.join([mark] * len(chunk))})"
        )
        rows.extend(conn.exec_driver_sql(sql, (platform, *chunk)).all())  # type: ignore[arg-type]
    return rows


def _ensure_accounts(
    conn: Connection,
    records: list[PostRecord],
    ingested: int,
    known: IngestMemory,
) -> dict[tuple[str, str], int]:
    """Ids of the records' accounts, creating the missing ones; `known` caches them."""
    wanted: dict[tuple[str, str], PostRecord] = {}
    for record in records:
        key = (record.platform, record.handle)
        if key not in known.ids:
            wanted.setdefault(key, record)
    if not wanted:
        return known.ids
    found = _account_ids(conn, list(wanted))
    missing = [key for key in wanted if key not in found]
    if missing:
        insert_rows(
            conn,
            "account",
            ACCOUNT_COLUMNS,
            [
                (
                    platform,
                    handle,
                    handle.lower(),
                    wanted[(platform, handle)].author_id,
                    wanted[(platform, handle)].author_created_ts,
                    ingested,
                    0,
                )
                for platform, handle in missing
            ],
        )
        created = _account_ids(conn, missing)
        found.update(created)
        known.complete.update(
            pk
            for key, pk in created.items()
            if wanted[key].author_id is not None and wanted[key].author_created_ts is not None
        )
    known.ids.update(found)
    return known.ids


def _account_ids(conn: Connection, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    by_platform: dict[str, list[str]] = {}
    for platform, handle in keys:
        by_platform.setdefault(platform, []).append(handle)
    found: dict[tuple[str, str], int] = {}
    for platform, handles in by_platform.items():
        found.update(
            {(platform, h): i for h, i in _lookup(conn, "account", "handle", platform, handles)}
        )
    return found


def _update_account_activity(
    conn: Connection,
    records: list[PostRecord],
    account_ids: dict[tuple[str, str], int],
    *,
    complete: set[int] | None = None,
) -> None:
    """Add the new posts to each account's count and first/last activity, and give each
    account the first author_id and creation time it lacked.

    With `complete` (a deferred load, whose counts are recounted at its end)
    only the author_id and creation time are given, to accounts not in
    `complete` that lack one the records carry (a probe, no write, for the
    others); those then holding both join `complete`.
    """
    stats: dict[int, list[object]] = {}
    for record in records:
        account = account_ids[(record.platform, record.handle)]
        entry = stats.get(account)
        if entry is None:
            stats[account] = [
                1,
                record.posted_ts,
                record.posted_ts,
                record.author_id,
                record.author_created_ts,
            ]
            continue
        entry[0] = int(entry[0]) + 1  # type: ignore[call-overload]
        entry[1] = min(int(entry[1]), record.posted_ts)  # type: ignore[call-overload]
        entry[2] = max(int(entry[2]), record.posted_ts)  # type: ignore[call-overload]
        entry[3] = entry[3] or record.author_id
        entry[4] = entry[4] or record.author_created_ts
    m = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    if complete is not None:
        sql = (
            f"UPDATE account SET author_id = COALESCE(author_id, {m}), "
            f"created_ts = COALESCE(created_ts, {m}) WHERE id = {m} "
            f"AND ((author_id IS NULL AND {m} IS NOT NULL) OR (created_ts IS NULL AND {m} IS NOT NULL))"
        )
        identity = [
            (author, created, account, author, created)
            for account, (_n, _first, _last, author, created) in stats.items()
            if account not in complete and (author is not None or created is not None)
        ]
        if identity:
            conn.exec_driver_sql(sql, identity)  # type: ignore[arg-type]
            complete.update(
                account
                for account, (_n, _first, _last, author, created) in stats.items()
                if author is not None and created is not None
            )
        return
    sql = (
        f"UPDATE account SET post_count = post_count + {m}, "
        f"first_post_ts = CASE WHEN first_post_ts IS NULL OR first_post_ts > {m} THEN {m} ELSE first_post_ts END, "
        f"last_post_ts = CASE WHEN last_post_ts IS NULL OR last_post_ts < {m} THEN {m} ELSE last_post_ts END, "
        f"author_id = COALESCE(author_id, {m}), created_ts = COALESCE(created_ts, {m}) WHERE id = {m}"
    )
    rows = [
        (n, first, first, last, last, author, created, account)
        for account, (n, first, last, author, created) in stats.items()
    ]
    conn.exec_driver_sql(sql, rows)  # type: ignore[arg-type]
