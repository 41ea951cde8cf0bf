"""Small builders of post records and input files for tests."""

from __future__ import annotations

import gzip
from pathlib import Path

import orjson

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


def text_cores(*texts: str) -> dict[str, str]:
    """fingerprint -> normalised text of each text, as near-duplicate grouping takes them."""
    cores: dict[str, str] = {}
    for text in texts:
        core = normalise(text)
        fp = fingerprint_of_normalised(core)
        assert fp is not None
        cores.setdefault(fp, core)
    return cores
