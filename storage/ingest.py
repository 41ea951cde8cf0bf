"""Ingest: stream post records from files into the store in batches.

Each batch is one transaction: a crash or Ctrl-C loses at most the batch in
flight, and a re-run skips what is already stored (unique on platform and
post_id), so it ends in the same state as one clean run. Memory is bounded by
the batch size, whatever the file size.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing import get_context
from pathlib import Path
from typing import IO

import orjson
from sqlalchemy import BindParameter, bindparam, case, insert, update
from sqlalchemy.engine import Connection

from storage.db import Store, now_ts
from storage.models import Account, Post, PostHashtag, PostUrl
from storage.records import (
    PostRecord,
    Rejected,
    check_items,
    check_lines,
    file_format,
    open_text,
    read_raw,
)

BATCH_SIZE = 5000
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
    already_present: int = 0
    rejected: int = 0
    rejects: list[Rejected] = field(default_factory=list)  # the first SHOWN_REJECTS
    rejects_path: Path | None = None


def rejects_path_for(path: Path) -> Path:
    """Where the rejects of `path` are written: next to it, FILE.rejects.jsonl."""
    return path.with_name(path.name + ".rejects.jsonl")


def ingest_file(
    store: Store,
    path: Path,
    *,
    batch_size: int = BATCH_SIZE,
    on_progress: ProgressCallback | None = None,
    parallel: bool | None = None,
) -> IngestReport:
    """Load every good record of `path` into `store`; write bad ones to the rejects file.

    With `parallel` (default: for JSONL files over a few batches) a second
    process parses and validates the next batches while this one writes.
    """
    report = IngestReport(path=path)
    total = path.stat().st_size
    reject_file: IO[bytes] | None = None
    text, raw = open_text(path)
    if parallel is None:
        parallel = file_format(path) == "jsonl" and total > 4 * batch_size * 200
    accounts: dict[tuple[str, str], int] = {}  # ids seen in this run, to skip look-ups
    try:
        for good, bad, read in _checked_batches(path, text, batch_size, parallel):
            report.read += read
            for rejected in bad:
                report.rejected += 1
                if len(report.rejects) < SHOWN_REJECTS:
                    report.rejects.append(rejected)
                if reject_file is None:
                    report.rejects_path = rejects_path_for(path)
                    reject_file = open(report.rejects_path, "wb")  # noqa: SIM115
                reject_file.write(
                    orjson.dumps(
                        {"line": rejected.line, "reason": rejected.reason, "record": rejected.raw}
                    )
                    + b"\n"
                )
            if good:
                _write(store, good, report, accounts)
            if on_progress:
                on_progress(raw.tell(), total)
        if on_progress:
            on_progress(total, total)
    finally:
        text.close()
        if reject_file is not None:
            reject_file.close()
    if report.rejects_path is None:
        # A clean run leaves no stale rejects file from an earlier run behind.
        stale = rejects_path_for(path)
        if stale.exists():
            stale.unlink()
    return report


def _checked_batches(
    path: Path, text: IO[str], batch_size: int, parallel: bool
) -> Iterator[tuple[list[PostRecord], list[Rejected], int]]:
    """(valid records, rejects, items read) per batch, in file order."""
    if not parallel:
        items: list[tuple[int, str, dict[str, object] | None, str]] = []
        for item in read_raw(path, text):
            items.append(item)  # type: ignore[arg-type]
            if len(items) >= batch_size:
                yield (*check_items(items), len(items))  # type: ignore[arg-type]
                items = []
        if items:
            yield (*check_items(items), len(items))  # type: ignore[arg-type]
        return
    # JSONL only: lines are independent, so batches can be checked elsewhere.
    workers = max(1, min(2, (os.cpu_count() or 1)))
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
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


def _write(
    store: Store,
    batch: list[PostRecord],
    report: IngestReport,
    known_accounts: dict[tuple[str, str], int],
) -> None:
    """Store one batch in one transaction, skipping posts already present."""
    ingested = now_ts()
    with store.engine.begin() as conn:
        fresh = _new_records(conn, batch)
        report.already_present += len(batch) - len(fresh)
        if not fresh:
            return
        account_ids = _ensure_accounts(conn, fresh, ingested, known_accounts)
        post_rows = [
            {
                "platform": r.platform,
                "post_id": r.post_id,
                "account_id": account_ids[(r.platform, r.handle)],
                "posted_ts": r.posted_ts,
                "ingested_ts": ingested,
                "text": r.text,
                "text_fp": r.text_fp,
                "lang": r.lang,
                "reply_to_post_id": r.reply_to_post_id,
                "repost_of_post_id": r.repost_of_post_id,
            }
            for r in fresh
        ]
        conn.execute(insert(Post.__table__), post_rows)  # type: ignore[attr-defined]
        # Read the new ids back rather than INSERT ... RETURNING: SQLite can only
        # return ids in parameter order one row at a time, which is 10x slower.
        post_pks = _post_ids(conn, fresh)
        url_rows: list[dict[str, object]] = []
        tag_rows: list[dict[str, object]] = []
        for record in fresh:
            post_pk = post_pks[(record.platform, record.post_id)]
            url_rows.extend({"post_pk": post_pk, "url": u} for u in record.urls)
            tag_rows.extend({"post_pk": post_pk, "tag": t} for t in record.hashtags)
        if url_rows:
            conn.execute(insert(PostUrl.__table__), url_rows)  # type: ignore[attr-defined]
        if tag_rows:
            conn.execute(insert(PostHashtag.__table__), tag_rows)  # type: ignore[attr-defined]
        _update_account_activity(conn, fresh, account_ids)
        report.loaded += len(fresh)


def _new_records(conn: Connection, batch: list[PostRecord]) -> list[PostRecord]:
    """The records of `batch` not yet stored, first occurrence only."""
    unique: dict[tuple[str, str], PostRecord] = {}
    for record in batch:
        unique.setdefault((record.platform, record.post_id), record)
    present = _post_ids(conn, list(unique.values()))
    return [r for key, r in unique.items() if key not in present]


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


def _post_ids(conn: Connection, records: list[PostRecord]) -> dict[tuple[str, str], int]:
    """Store ids of those of `records` already stored, by (platform, post_id)."""
    by_platform: dict[str, list[str]] = {}
    for record in records:
        by_platform.setdefault(record.platform, []).append(record.post_id)
    found: dict[tuple[str, str], int] = {}
    for platform, ids in by_platform.items():
        found.update(
            {(platform, pid): pk for pid, pk in _lookup(conn, "post", "post_id", platform, ids)}
        )
    return found


def _ensure_accounts(
    conn: Connection,
    records: list[PostRecord],
    ingested: int,
    known: dict[tuple[str, str], int],
) -> dict[tuple[str, str], int]:
    """Ids of the records' accounts, creating the missing ones; `known` caches them."""
    table = Account.__table__  # type: ignore[attr-defined]
    wanted: dict[tuple[str, str], PostRecord] = {}
    for record in records:
        key = (record.platform, record.handle)
        if key not in known:
            wanted.setdefault(key, record)
    if not wanted:
        return known
    found = _account_ids(conn, list(wanted))
    missing = [key for key in wanted if key not in found]
    if missing:
        conn.execute(
            insert(table),
            [
                {
                    "platform": platform,
                    "handle": handle,
                    "handle_key": handle.lower(),
                    "author_id": wanted[(platform, handle)].author_id,
                    "created_ts": wanted[(platform, handle)].author_created_ts,
                    "first_ingested_ts": ingested,
                    "post_count": 0,
                }
                for platform, handle in missing
            ],
        )
        found.update(_account_ids(conn, missing))
    known.update(found)
    return known


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
    conn: Connection, records: list[PostRecord], account_ids: dict[tuple[str, str], int]
) -> None:
    """Add the new posts to each account's count and first/last activity."""
    stats: dict[int, dict[str, object]] = {}
    for record in records:
        account = account_ids[(record.platform, record.handle)]
        entry = stats.get(account)
        if entry is None:
            stats[account] = {
                "b_id": account,
                "b_n": 1,
                "b_first": record.posted_ts,
                "b_last": record.posted_ts,
                "b_author": record.author_id,
                "b_created": record.author_created_ts,
            }
            continue
        entry["b_n"] = int(entry["b_n"]) + 1  # type: ignore[call-overload]
        entry["b_first"] = min(int(entry["b_first"]), record.posted_ts)  # type: ignore[call-overload]
        entry["b_last"] = max(int(entry["b_last"]), record.posted_ts)  # type: ignore[call-overload]
        entry["b_author"] = entry["b_author"] or record.author_id
        entry["b_created"] = entry["b_created"] or record.author_created_ts
    t = Account.__table__  # type: ignore[attr-defined]
    first: BindParameter[int] = bindparam("b_first")
    last: BindParameter[int] = bindparam("b_last")
    statement = (
        update(t)
        .where(t.c.id == bindparam("b_id"))
        .values(
            post_count=t.c.post_count + bindparam("b_n"),
            first_post_ts=case(
                (t.c.first_post_ts.is_(None), first),
                (t.c.first_post_ts > first, first),
                else_=t.c.first_post_ts,
            ),
            last_post_ts=case(
                (t.c.last_post_ts.is_(None), last),
                (t.c.last_post_ts < last, last),
                else_=t.c.last_post_ts,
            ),
            author_id=case((t.c.author_id.is_(None), bindparam("b_author")), else_=t.c.author_id),
            created_ts=case(
                (t.c.created_ts.is_(None), bindparam("b_created")), else_=t.c.created_ts
            ),
        )
    )
    conn.execute(statement, list(stats.values()))
