"""Ingest: stream post records from files into the store in batches.

Each batch is one transaction: a crash or Ctrl-C loses at most the batch in
flight, and a re-run skips what is already stored (unique on platform and
post_id), so it ends in the same state as one clean run. Memory is bounded by
the batch size, whatever the file size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import orjson
from sqlalchemy import and_, bindparam, case, insert, select, tuple_, update
from sqlalchemy.engine import Connection

from storage.db import Store, now_ts
from storage.models import Account, Post, PostHashtag, PostUrl
from storage.records import PostRecord, RecordError, Rejected, open_text, read_raw, validate
from storage.textnorm import fingerprint

BATCH_SIZE = 5000
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
) -> IngestReport:
    """Load every good record of `path` into `store`; write bad ones to the rejects file."""
    report = IngestReport(path=path)
    total = path.stat().st_size
    reject_file: IO[bytes] | None = None
    text, raw = open_text(path)
    batch: list[PostRecord] = []
    try:
        for number, line, obj, error in read_raw(path, text):
            report.read += 1
            record: PostRecord | None = None
            if obj is not None:
                try:
                    record = validate(obj)
                except RecordError as exc:
                    error = str(exc)
            if record is None:
                rejected = Rejected(line=number, reason=error, raw=line)
                report.rejected += 1
                if len(report.rejects) < SHOWN_REJECTS:
                    report.rejects.append(rejected)
                if reject_file is None:
                    report.rejects_path = rejects_path_for(path)
                    reject_file = open(report.rejects_path, "wb")  # noqa: SIM115
                reject_file.write(
                    orjson.dumps({"line": number, "reason": error, "record": line}) + b"\n"
                )
                continue
            batch.append(record)
            if len(batch) >= batch_size:
                _write(store, batch, report)
                batch = []
                if on_progress:
                    on_progress(raw.tell(), total)
        if batch:
            _write(store, batch, report)
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


def _write(store: Store, batch: list[PostRecord], report: IngestReport) -> None:
    """Store one batch in one transaction, skipping posts already present."""
    ingested = now_ts()
    with store.engine.begin() as conn:
        fresh = _new_records(conn, batch)
        report.already_present += len(batch) - len(fresh)
        if not fresh:
            return
        account_ids = _ensure_accounts(conn, fresh, ingested)
        post_rows = [
            {
                "platform": r.platform,
                "post_id": r.post_id,
                "account_id": account_ids[(r.platform, r.handle)],
                "posted_ts": r.posted_ts,
                "ingested_ts": ingested,
                "text": r.text,
                "text_fp": fingerprint(r.text),
                "lang": r.lang,
                "reply_to_post_id": r.reply_to_post_id,
                "repost_of_post_id": r.repost_of_post_id,
            }
            for r in fresh
        ]
        table = Post.__table__  # type: ignore[attr-defined]
        returned = conn.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), post_rows
        ).all()
        url_rows: list[dict[str, object]] = []
        tag_rows: list[dict[str, object]] = []
        for (post_pk,), record in zip(returned, fresh, strict=True):
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
    seen: set[tuple[str, str]] = set()
    unique: list[PostRecord] = []
    for record in batch:
        key = (record.platform, record.post_id)
        if key not in seen:
            seen.add(key)
            unique.append(record)
    table = Post.__table__  # type: ignore[attr-defined]
    present: set[tuple[str, str]] = set()
    by_platform: dict[str, list[str]] = {}
    for platform, post_id in seen:
        by_platform.setdefault(platform, []).append(post_id)
    for platform, ids in by_platform.items():
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            rows = conn.execute(
                select(table.c.post_id).where(
                    and_(table.c.platform == platform, table.c.post_id.in_(chunk))
                )
            )
            present.update((platform, pid) for (pid,) in rows)
    return [r for r in unique if (r.platform, r.post_id) not in present]


def _ensure_accounts(
    conn: Connection, records: list[PostRecord], ingested: int
) -> dict[tuple[str, str], int]:
    """Ids of the records' accounts, creating the missing ones."""
    table = Account.__table__  # type: ignore[attr-defined]
    wanted: dict[tuple[str, str], PostRecord] = {}
    for record in records:
        wanted.setdefault((record.platform, record.handle), record)
    ids = _account_ids(conn, list(wanted))
    missing = [key for key in wanted if key not in ids]
    if missing:
        conn.execute(
            insert(table),
            [
                {
                    "platform": platform,
                    "handle": handle,
                    "author_id": wanted[(platform, handle)].author_id,
                    "created_ts": wanted[(platform, handle)].author_created_ts,
                    "first_ingested_ts": ingested,
                    "post_count": 0,
                }
                for platform, handle in missing
            ],
        )
        ids.update(_account_ids(conn, missing))
    return ids


def _account_ids(conn: Connection, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    table = Account.__table__  # type: ignore[attr-defined]
    found: dict[tuple[str, str], int] = {}
    for start in range(0, len(keys), 400):
        chunk = keys[start : start + 400]
        rows = conn.execute(
            select(table.c.platform, table.c.handle, table.c.id).where(
                tuple_(table.c.platform, table.c.handle).in_(chunk)
            )
        )
        found.update({(p, h): i for p, h, i in rows})
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
    first, last = bindparam("b_first"), bindparam("b_last")
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
