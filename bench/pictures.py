"""Picture benchmark: seconds to draw the three evidence pictures of a large cluster.

    python bench/pictures.py                       # a 300-account operation
    python bench/pictures.py --members 300 1000    # and a 1,000-account one (densest 300 drawn)
    python bench/pictures.py --out bench/out/pictures

For each size it builds a SQLite store with `network_records` (one operation
of N accounts pushing texts and links in Beijing office hours, plus ordinary
accounts posting at their own times and sharing popular links), ingests and
sweeps it, checks one member, then draws the cluster graph, the posting-hours
heatmap and the push timeline (`services.pictures.render_pictures`, reads
included) several times: in this thread (as the CLI and demo do), then with
worker processes (as the bot does, `CIBWATCH_PICTURE_PROCESSES`). It prints
the median and slowest draw of all three pictures together, and the first
draw in new processes (which spawns them and imports matplotlib there), as a
Markdown table for the README.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SHANGHAI = timezone(timedelta(hours=8))
_FIRST = ("jane", "john", "mary", "li", "wei", "anna", "peter", "lucy", "mark", "sara", "tom")
_TOPICS = (
    "Xinjiang",
    "Hong Kong",
    "Taiwan",
    "Tibet",
    "trade",
    "vaccines",
    "elections",
    "Guo Wengui",
)
_LAST = ("doe", "smith", "wang", "zhang", "brown", "lee", "chen", "white", "king", "hall")


def network_records(
    members: int = 300,
    pushes: int = 40,
    ordinary: int = 1500,
    posts_per_ordinary: int = 20,
    seed: int = 20230829,
) -> tuple[list[dict[str, Any]], list[str]]:
    """(records, the operation's handles): one large operation and ordinary accounts.

    The operation: `members` accounts (a fifth on facebook, the rest on x)
    with firstnamelastname1234 handles created within days; each push, in
    09:00-12:00 or 14:00-18:00 Beijing time on a weekday, a random 60-90% of
    them post the same text (with serial numbers) and article link, 1-6 s
    apart in a shuffled order. Ordinary accounts post their own texts at any
    hour over six weeks, and now and then share one of the operation's links
    hours later. Deterministic for the arguments.
    """
    rng = random.Random(seed)
    handles = [
        f"{_FIRST[i % len(_FIRST)]}{_LAST[(i * 7) % len(_LAST)]}{1000 + i}" for i in range(members)
    ]
    platform = {h: "facebook" if i % 5 == 4 else "x" for i, h in enumerate(handles)}
    created = datetime(2023, 5, 2, 3, tzinfo=UTC)
    records: list[dict[str, Any]] = []
    serial = 0
    monday = datetime(2023, 6, 5, tzinfo=SHANGHAI)
    links = []
    for push in range(pushes):
        day = monday + timedelta(days=push % 5 + 7 * (push // 5 % 6))
        hour = rng.choice((9, 10, 11, 14, 15, 16, 17))
        at = day.replace(hour=hour, minute=rng.randrange(30))
        url = f"https://truth-daily.example/{push}"
        links.append((url, at))
        crowd = [h for h in handles if rng.random() < rng.uniform(0.6, 0.9)]
        rng.shuffle(crowd)
        for n, handle in enumerate(crowd, start=1):
            at += timedelta(seconds=rng.randint(1, 6))
            serial += 1
            records.append(
                {
                    "platform": platform[handle],
                    "post_id": f"op{serial}",
                    "author_handle": handle,
                    "author_id": f"id-{handle}",
                    "author_created_at": (created + timedelta(hours=rng.randrange(72))).isoformat(),
                    "posted_at": at.isoformat(),
                    "text": f"{_TOPICS[push % len(_TOPICS)]} {_TOPICS[push // len(_TOPICS)]}: "
                    f"the western media lies again, see the truth yourself #{n}",
                    "urls": [f"{url}?utm_source=op{n % 7}"],
                    "hashtags": ["truth"],
                }
            )
    topics = ("cats", "rain", "football", "coffee", "books", "trains", "gardening", "music")
    start = datetime(2023, 6, 1, tzinfo=UTC)
    for person in range(ordinary):
        handle = f"citizen_{person:04d}"
        for k in range(posts_per_ordinary):
            serial += 1
            when = start + timedelta(seconds=rng.randrange(42 * 86400))
            urls: list[str] = []
            if rng.random() < 0.05:
                url, at = rng.choice(links)
                when = at.astimezone(UTC) + timedelta(seconds=rng.randrange(3600, 3 * 86400))
                urls = [url]
            records.append(
                {
                    "platform": "x",
                    "post_id": f"c{serial}",
                    "author_handle": handle,
                    "author_created_at": "2015-03-01T00:00:00Z",
                    "posted_at": when.isoformat(),
                    "text": f"thought {k} of {handle} on {rng.choice(topics)}: {rng.random():.6f}",
                    "urls": urls,
                }
            )
    return records, handles


def build_store(folder: Path, members: int, pushes: int = 40) -> tuple[Any, str]:
    """(store, one member's handle): `network_records` ingested into SQLite in `folder`, swept."""
    from services.sweeps import run_sweep
    from storage.db import open_store
    from storage.ingest import ingest_file

    records, handles = network_records(members, pushes)
    path = folder / f"network-{members}.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    store = open_store(f"sqlite:///{folder / f'network-{members}.db'}")
    ingest_file(store, path)
    run_sweep(store, force=True)
    return store, f"x:@{handles[0]}"


def _timed(draw: Any, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        draw()
        times.append(time.perf_counter() - started)
    return times


def measure(members: int, runs: int, processes: int, out: Path | None) -> dict[str, Any]:
    """Build the store for `members`; draw the three pictures `runs` times in this thread,
    then `runs` times with `processes` worker processes; the figures."""
    from services.checks import check_target
    from services.pictures import PictureDrawer, render_pictures, write_pictures

    with tempfile.TemporaryDirectory(prefix="cibwatch-bench-pictures-") as tmp:
        started = time.perf_counter()
        store, member = build_store(Path(tmp), members)
        built = time.perf_counter() - started
        drawer = PictureDrawer(processes)
        try:
            verdict = check_target(store, member)
            pictures = render_pictures(store, verdict)
            inline = _timed(lambda: render_pictures(store, verdict), runs)
            parallel = _timed(lambda: render_pictures(store, verdict, drawer=drawer), runs + 1)
            if out is not None:
                write_pictures(pictures, out / f"{members}")
        finally:
            drawer.close()
            store.dispose()
    return {
        "members": members,
        "cluster": verdict.cluster.size if verdict.cluster else 0,
        "level": str(verdict.level),
        "pictures": [p.name for p in pictures],
        "sizes": [len(p.png) for p in pictures],
        "inline": inline,
        "first_parallel": parallel[0],  # spawns the processes and imports matplotlib in them
        "parallel": parallel[1:],
        "build_s": built,
        "alt": [p.alt_text for p in pictures],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--members", type=int, nargs="+", default=[300])
    parser.add_argument("--runs", type=int, default=6, help="timed draws per size and mode")
    parser.add_argument(
        "--processes", type=int, default=2, help="worker processes (the bot's default)"
    )
    parser.add_argument("--out", type=Path, help="write one draw's PNGs here")
    args = parser.parse_args(argv)
    rows = [measure(n, max(2, args.runs), args.processes, args.out) for n in args.members]
    print(
        f"| operation | cluster found | in this thread: median (slowest) "
        f"| {args.processes} worker processes: median (slowest) | first draw in new processes |"
    )
    print("|---|---|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['members']:,} accounts | {r['cluster']:,} ({r['level']}) "
            f"| {statistics.median(r['inline']):.2f} s ({max(r['inline']):.2f} s) "
            f"| {statistics.median(r['parallel']):.2f} s ({max(r['parallel']):.2f} s) "
            f"| {r['first_parallel']:.2f} s |"
        )
    for r in rows:
        print(
            f"\n{r['members']:,} accounts (store built in {r['build_s']:.0f} s): "
            f"{', '.join(r['pictures'])}, PNG bytes {r['sizes']}"
        )
        for text in r["alt"]:
            print(f"  alt: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
