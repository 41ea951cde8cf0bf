"""Small builders of post records and input files for tests."""

from __future__ import annotations

import gzip
import random
from datetime import datetime, timedelta
from pathlib import Path

import orjson

from detection.sweep import SweepResult, sweep_all
from detection.verdict import Level
from storage.db import open_store
from storage.ingest import ingest_file
from storage.sweepdata import AccountColumns, load_accounts, load_posts
from storage.textnorm import fingerprint_of_normalised, normalise


def write_jsonl(path: Path, records: list[dict], *, gz: bool = False) -> Path:
    """Write records as JSONL (optionally gzip) and return the path."""
    data = b"".join(orjson.dumps(r) + b"\n" for r in records)
    if gz:
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    return path


def record(post_id: str, handle: str = "alice", **extra: object) -> dict:
    """A valid post record with sensible defaults."""
    base: dict[str, object] = {
        "platform": "x",
        "post_id": post_id,
        "author_handle": handle,
        "author_id": f"id-{handle}",
        "author_created_at": "2020-01-01T00:00:00Z",
        "posted_at": "2023-06-05T00:01:09Z",
        "text": f"an ordinary post number {post_id} about the weather",
        "urls": [],
        "hashtags": [],
        "lang": "en",
        "reply_to_post_id": None,
        "repost_of_post_id": None,
    }
    base.update(extra)
    return base


def iso(t: datetime) -> str:
    """A time as records spell it."""
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class Timeline:
    """Post records written one after another, over `span_days` from `start`."""

    def __init__(self, rng: random.Random, start: datetime, span_days: int) -> None:
        self.rng, self.start, self.span_days = rng, start, span_days
        self.records: list[dict] = []

    def post(self, handle: str, t: datetime, text: str, **extra: object) -> str:
        """Add a post by `handle` at `t`; its id is the next one."""
        post_id = f"p{len(self.records)}"
        self.records.append(record(post_id, handle, posted_at=iso(t), text=text, **extra))
        return post_id

    def moment(self) -> datetime:
        """A moment anywhere in the span."""
        return self.start + timedelta(hours=self.rng.uniform(0, self.span_days * 24))

    def quotes(self, public: list[str], count: int, words: list[str]) -> None:
        """The public passing `count` quotes around, four at a time: a store's other bursts."""
        for n in range(count):
            t = self.moment()
            quote = f"quote {n}: " + " ".join(self.rng.choice(words) for _ in range(6))
            for handle in self.rng.sample(public, 4):
                self.post(handle, t + timedelta(minutes=self.rng.uniform(0, 2)), quote)

    def own_lives(self, handles: list[str]) -> None:
        """Two to five posts of each of `handles`' own, at any time."""
        for handle in handles:
            for _ in range(self.rng.randint(2, 5)):
                t = self.start + timedelta(seconds=self.rng.uniform(0, self.span_days * 86400))
                topic = self.rng.choice(["lunch", "rain", "a film", "work", "my cat"])
                self.post(handle, t, f"{handle} on {topic} {self.rng.random():.6f}")


def text_cores(*texts: str) -> dict[str, str]:
    """fingerprint -> normalised text of each text, as near-duplicate grouping takes them."""
    cores: dict[str, str] = {}
    for text in texts:
        core = normalise(text)
        fp = fingerprint_of_normalised(core)
        assert fp is not None
        cores.setdefault(fp, core)
    return cores


def sweep_records(folder: Path, records: list[dict]) -> tuple[SweepResult, AccountColumns]:
    """Ingest `records` into a new SQLite store in `folder` and sweep it from scratch."""
    path = write_jsonl(folder / "posts.jsonl.gz", records, gz=True)
    store = open_store(f"sqlite:///{folder / 'store.db'}")
    try:
        ingest_file(store, path)
        with store.engine.connect() as conn:
            accounts = load_accounts(conn)
            data = load_posts(conn, accounts, upto_pk=2**31 - 1, with_tags=True)
    finally:
        store.dispose()
    return sweep_all(data).result, accounts


def levels_of(swept: tuple[SweepResult, AccountColumns], handles: list[str]) -> list[Level]:
    """The level `sweep_records` gave each of `handles` (NONE when it was not scored)."""
    result, accounts = swept
    position = {h: i for i, h in enumerate(accounts.handle)}
    return [
        result.accounts[position[h]].level if position[h] in result.accounts else Level.NONE
        for h in handles
    ]
