"""Recall on a real operation: how many of an archive's accounts the sweep calls Likely.

    python bench/realdata.py ARCHIVE_tweets_csv_hashed.csv        # also .csv.gz or the release's .zip
    python bench/realdata.py ARCHIVE.csv --qut                     # beside the QUT toolkit
    python bench/realdata.py ARCHIVE.csv --qut --keep /tmp/run     # keep the JSONL, store and CSVs

Reads an X/Twitter information-operations archive (the platform's takedown
releases: one tweets CSV per operation) with `storage.formats.twitter_io`,
writes the post records as JSONL, loads them into a fresh SQLite store with
`cibwatch ingest`'s code, sweeps with `cibwatch sweep`'s code, and prints how
many of the archive's accounts land in clusters and at each verdict level,
with the conversion, ingest and sweep times. Every account in such an archive
was attributed to the operation by the platform, so the shares are recall;
precision comes from the generated decoys (bench/quality.py).

With --qut it also runs the QUT Digital Observatory's coordination-network-
toolkit on the same posts (co-retweet, co-tweet and co-link networks, a 60 s
window, edge weight at least 2) and prints how many archive accounts any of the
three networks links. The toolkit is not a dependency of this project: install
it into its own environment outside the repository and point --qut-python at
that interpreter (default /work/qut-venv/bin/python):

    python3 -m venv /work/qut-venv && /work/qut-venv/bin/pip install coordination-network-toolkit==1.5.2

Data (never committed; keep it outside the repository). The archive measured in
the README is the Thailand release of September 2020 (`thailand_092020`, 926
accounts of which 455 posted, 21,385 tweets, 2015-10 to 2020-07). The platform
published it as `thailand_092020_tweets_csv_hashed.zip`; a copy of that zip is
in the public repository chuan-khuna/twitter-io-visualisation:

    git clone https://github.com/chuan-khuna/twitter-io-visualisation
    mkdir -p /work/data/io/thailand_092020
    unzip -d /work/data/io/thailand_092020 twitter-io-visualisation/data/\\
hashed_2020_09_thailand_092020_thailand_092020_tweets_csv_hashed.zip
    python bench/realdata.py /work/data/io/thailand_092020/thailand_092020_tweets_csv_hashed.csv --qut

Any other release in the same shape (china_082019_1, iran_201906_1, ...) runs
the same way.

It also reads the FiveThirtyEight / Clemson University collection of the
Internet Research Agency's tweets (fivethirtyeight/russian-troll-tweets:
columns author, content, publish_date, retweet, ...; 2.9 million tweets by
2,848 handles, 2012-2018), found by its header. That collection has no ids
of reposted tweets: a retweet row carries the original's text, so reposts of
one tweet meet as copies of one text, for both tools. A copy split by author
is in the public repository bet4a/russian-troll-tweets-by-author (files
under 4 MiB only: 2,823 of its authors):

    python bench/realdata.py /work/data/io/ira_538_by_author/ira_538_tweets_by_author_concat.csv
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import itertools
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from detection.sweep import DetectionConfig  # noqa: E402
from services.sweeps import run_sweep, write_sweep_csv  # noqa: E402
from storage.db import open_store  # noqa: E402
from storage.formats import twitter_io  # noqa: E402
from storage.ingest import ingest_file  # noqa: E402

LIKELY = "Likely coordinated"
SUSPICIOUS = "Suspicious"
QUT_WINDOW_SECONDS = 60
QUT_MIN_EDGE_WEIGHT = 2
QUT_NETWORKS = ("co_retweet", "co_tweet", "co_link")
DEFAULT_QUT_PYTHON = "/work/qut-venv/bin/python"

# Runs inside the toolkit's own environment. The toolkit's CSV reader turns an
# empty urls cell into one empty URL that then links every pair of posters
# (its issue #46), so the rows go in through its Python entry point instead.
_QUT_DRIVER = """
import csv, sys, time
from coordination_network_toolkit.preprocess import preprocess_data
from coordination_network_toolkit import compute_networks as cn
db, posts, window, weight, cpus = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
csv.field_size_limit(1 << 24)
t0 = time.perf_counter()
with open(posts, encoding="utf-8", newline="") as handle:
    rows = csv.reader(handle)
    next(rows)
    preprocess_data(db, ((*r[:7], r[7].split()) for r in rows))
t1 = time.perf_counter()
cn.compute_co_retweet_parallel(db, window, n_threads=cpus, min_edge_weight=weight)
cn.compute_co_tweet_network(db, window, min_edge_weight=weight, n_threads=cpus)
cn.compute_co_link_network(db, window, n_threads=cpus, min_edge_weight=weight)
t2 = time.perf_counter()
print(f"TIMES {t1 - t0:.3f} {t2 - t1:.3f}")
"""


class InputError(Exception):
    """A problem with the command's input, told in one line."""


@dataclass
class Conversion:
    """What reading the archive found."""

    posts: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    accounts: set[str] = field(default_factory=set)  # author_id (the archive's userid)
    handles: set[str] = field(default_factory=set)
    reposts: int = 0
    replies: int = 0
    with_urls: int = 0
    with_hashtags: int = 0
    first: str = ""
    last: str = ""
    seconds: float = 0.0


@contextmanager
def open_archive(path: Path) -> Iterator[IO[str]]:
    """The tweets CSV as text: a plain .csv, a .csv.gz, or the release's .zip."""
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith(".csv")]
            tweets = [n for n in names if "tweets" in n.lower()] or names
            if not tweets:
                raise InputError(f"{path.name} holds no CSV file")
            with archive.open(tweets[0]) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8", newline="")
        return
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as text:  # type: ignore[operator]
        yield text


#: Columns of the FiveThirtyEight collection (the split copy names the handle column author_id).
FIVETHIRTYEIGHT_COLUMNS = ("content", "publish_date")
_FIVETHIRTYEIGHT_TIMES = ("%Y-%m-%d %H:%M:%S", "%m/%d/%Y %H:%M")
_URL = re.compile(r"https?://\S+")
_TAG = re.compile(r"(?<!\w)#(\w+)")


def read_fivethirtyeight(text: IO[str]) -> Iterator[tuple[int, str, dict | None, str]]:
    """(row number, raw row, record or None, reason) for every row of the FiveThirtyEight CSV.

    Times are read as UTC; links and hashtags are taken from the text; a
    row's id is the collection's tweet_id where it has one, else the handle
    and the row number.
    """
    csv.field_size_limit(1 << 24)
    for number, row in enumerate(csv.DictReader(text), start=2):
        handle = (row.get("author") or row.get("author_id") or "").strip().lower()
        content = row.get("content") or ""
        posted = None
        for layout in _FIVETHIRTYEIGHT_TIMES:
            try:
                posted = datetime.strptime((row.get("publish_date") or "").strip(), layout)
                break
            except ValueError:
                continue
        if not handle or posted is None:
            yield number, "", None, "no author or no publish_date"
            continue
        record = {
            "platform": "x",
            "post_id": row.get("tweet_id") or f"{handle}-{number}",
            "author_handle": handle,
            "author_id": row.get("external_author_id") or handle,
            "author_created_at": None,
            "posted_at": posted.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "text": content,
            "urls": _URL.findall(content),
            "hashtags": _TAG.findall(content),
            "lang": None,
            "reply_to_post_id": None,
            "repost_of_post_id": None,
        }
        yield number, "", record, ""


def _archive_rows(text: IO[str]) -> Iterator[tuple[int, str, dict | None, str]]:
    """The rows of a takedown release, or of the FiveThirtyEight collection (by its header)."""
    header = text.readline()
    rest = itertools.chain([header], text)
    columns = {c.strip().lower() for c in next(csv.reader([header]), [])}
    if all(c in columns for c in FIVETHIRTYEIGHT_COLUMNS):
        yield from read_fivethirtyeight(rest)  # type: ignore[arg-type]
    else:
        yield from twitter_io.read_items(rest)


def convert(
    path: Path, records_out: Path, qut_out: Path | None, *, minute_times: bool = False
) -> Conversion:
    """Archive -> record JSONL (gzip) and, optionally, the toolkit's CSV of the same posts.

    With `minute_times` post times are cut to the minute, as the archive's own
    `tweet_time` gives them: what a reader without the snowflake rule would see.
    """
    found = Conversion()
    started = time.perf_counter()
    with (
        open_archive(path) as text,
        gzip.open(records_out, "wb", compresslevel=1) as records,
        open(qut_out or os.devnull, "w", encoding="utf-8", newline="") as qut_handle,
    ):
        qut = csv.writer(qut_handle)
        qut.writerow(
            [
                "message_id",
                "user_id",
                "username",
                "repost_id",
                "reply_id",
                "message",
                "timestamp",
                "urls",
            ]
        )
        for _number, _raw, record, reason in _archive_rows(text):
            if record is None:
                found.rejected[reason] += 1
                continue
            if minute_times and record["posted_at"]:
                record["posted_at"] = record["posted_at"][:17] + "00Z"
            records.write(orjson.dumps(record) + b"\n")
            found.posts += 1
            found.accounts.add(record["author_id"] or record["author_handle"])
            found.handles.add(record["author_handle"])
            found.reposts += record["repost_of_post_id"] is not None
            found.replies += record["reply_to_post_id"] is not None
            found.with_urls += bool(record["urls"])
            found.with_hashtags += bool(record["hashtags"])
            moment = record["posted_at"] or ""
            found.first = min(found.first or moment, moment)
            found.last = max(found.last, moment)
            if qut_out is not None:
                qut.writerow(
                    [
                        record["post_id"],
                        record["author_id"] or record["author_handle"],
                        record["author_handle"],
                        record["repost_of_post_id"] or "",
                        record["reply_to_post_id"] or "",
                        record["text"] or "",
                        _epoch(moment),
                        " ".join(record["urls"]),
                    ]
                )
    if found.posts == 0:
        reasons = "; ".join(found.rejected) or "the file is empty"
        raise InputError(f"{path.name}: no post could be read ({reasons})")
    found.seconds = time.perf_counter() - started
    return found


def _epoch(iso: str) -> int:
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())


@dataclass
class SweepOutcome:
    """Verdicts for the archive's accounts."""

    verdicts: dict[str, str]  # author_id -> verdict
    clustered: set[str]
    ingest_seconds: float
    sweep_seconds: float
    loaded: int
    rejected: int
    operator_zone: str


def ingest_and_sweep(records: Path, work: Path, operator_zone: str) -> SweepOutcome:
    """Load the records into a fresh SQLite store, sweep it, and read the sweep CSV back."""
    database = work / "realdata.db"
    if database.exists():
        database.unlink()
    store = open_store(f"sqlite:///{database}")
    try:
        t0 = time.perf_counter()
        report = ingest_file(store, records)
        t1 = time.perf_counter()
        run_sweep(store, DetectionConfig(operator_zone=operator_zone), force=True)
        t2 = time.perf_counter()
        write_sweep_csv(store, work / "sweep.csv")
    finally:
        store.dispose()
    verdicts: dict[str, str] = {}
    clustered: set[str] = set()
    with open(work / "sweep.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            account = row["author_id"] or row["author_handle"]
            verdicts[account] = row["verdict"]
            if row["cluster_id"]:
                clustered.add(account)
    return SweepOutcome(
        verdicts, clustered, t1 - t0, t2 - t1, report.loaded, report.rejected, operator_zone
    )


@dataclass
class QutOutcome:
    """Accounts the toolkit's networks link, per network and in any."""

    linked: dict[str, set[str]]
    preprocess_seconds: float
    compute_seconds: float

    @property
    def any(self) -> set[str]:
        return set().union(*self.linked.values())


def run_qut(python: str, posts_csv: Path, work: Path) -> QutOutcome:
    """Run the toolkit in its own environment on the posts CSV; read the linked accounts back."""
    database = work / "qut.db"
    if database.exists():
        database.unlink()
    cpus = str(max(1, min(2, os.cpu_count() or 1)))
    args = [str(database), str(posts_csv), str(QUT_WINDOW_SECONDS), str(QUT_MIN_EDGE_WEIGHT), cpus]
    done = subprocess.run(
        [python, "-c", _QUT_DRIVER, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise InputError(f"the QUT toolkit failed: {last}")
    times = next(line for line in done.stdout.splitlines() if line.startswith("TIMES "))
    preprocess, compute = (float(x) for x in times.split()[1:])
    linked: dict[str, set[str]] = {}
    with sqlite3.connect(database) as db:
        for network in QUT_NETWORKS:
            rows = db.execute(
                f"SELECT user_1, user_2 FROM {network}_network WHERE user_1 != user_2"
            ).fetchall()
            linked[network] = {user for pair in rows for user in pair}
    return QutOutcome(linked, preprocess, compute)


def share(part: int, whole: int) -> str:
    """'n (p%)' for a report line."""
    return f"{part:,} ({100 * part / whole:.1f}%)" if whole else f"{part:,}"


def report(name: str, found: Conversion, swept: SweepOutcome, qut: QutOutcome | None) -> list[str]:
    """The printed figures."""
    accounts = found.accounts
    total = len(accounts)
    levels = Counter(swept.verdicts.get(a, "not in the sweep") for a in accounts)
    likely = {a for a in accounts if swept.verdicts.get(a) == LIKELY}
    suspicious = {a for a in accounts if swept.verdicts.get(a) == SUSPICIOUS}
    lines = [
        f"archive {name}: {found.posts:,} posts by {total:,} accounts "
        f"({len(found.handles):,} handles), {found.first} to {found.last}",
        f"  reposts {share(found.reposts, found.posts)}, replies {share(found.replies, found.posts)}, "
        f"with links {share(found.with_urls, found.posts)}, "
        f"with hashtags {share(found.with_hashtags, found.posts)}",
    ]
    if found.rejected:
        lines.append(f"  rows not read: {sum(found.rejected.values()):,} {dict(found.rejected)}")
    lines += [
        f"  convert {found.seconds:.1f} s, ingest {swept.ingest_seconds:.1f} s "
        f"({swept.loaded:,} loaded, {swept.rejected:,} rejected), sweep {swept.sweep_seconds:.1f} s",
        f"cibwatch (operator zone {swept.operator_zone}): "
        f"accounts in clusters {share(len(swept.clustered & accounts), total)}",
        f"  Likely coordinated {share(len(likely), total)}",
        f"  Suspicious         {share(len(suspicious), total)}",
        f"  neither            {share(total - len(likely) - len(suspicious), total)}",
        f"  levels: {dict(levels.most_common())}",
    ]
    if qut is not None:
        linked = qut.any & accounts
        per = ", ".join(f"{n} {share(len(qut.linked[n] & accounts), total)}" for n in QUT_NETWORKS)
        lines += [
            f"QUT toolkit ({QUT_WINDOW_SECONDS} s window, edge weight >= {QUT_MIN_EDGE_WEIGHT}): "
            f"linked {share(len(linked), total)}",
            f"  {per}",
            f"  preprocess {qut.preprocess_seconds:.1f} s, networks {qut.compute_seconds:.1f} s",
            f"  of the QUT-linked: Likely {share(len(linked & likely), len(linked))}, "
            f"Suspicious {share(len(linked & suspicious), len(linked))}",
        ]
    return lines


def main() -> None:
    """Run the check and print the figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("archive", type=Path, help="the tweets CSV (.csv, .csv.gz or .zip)")
    parser.add_argument("--qut", action="store_true", help="also run the QUT toolkit")
    parser.add_argument("--qut-python", default=DEFAULT_QUT_PYTHON)
    parser.add_argument("--keep", type=Path, help="keep the work files in this folder")
    parser.add_argument(
        "--minute-times",
        action="store_true",
        help="cut post times to the minute (the archive's tweet_time) for both tools",
    )
    parser.add_argument(
        "--operator-timezone",
        default=os.environ.get("CIBWATCH_OPERATOR_TIMEZONE", DetectionConfig.operator_zone),
        help="the sweep's operator time zone, as CIBWATCH_OPERATOR_TIMEZONE sets it for "
        "`cibwatch sweep` (default: that variable, else %(default)s)",
    )
    args = parser.parse_args()
    try:
        if args.qut and not Path(args.qut_python).is_file():
            raise InputError(
                f"no QUT toolkit interpreter at {args.qut_python} "
                "(install it outside the repository, see --help)"
            )
        with tempfile.TemporaryDirectory() as tmp:
            work = args.keep or Path(tmp)
            work.mkdir(parents=True, exist_ok=True)
            records = work / "records.jsonl.gz"
            qut_csv = work / "qut_posts.csv" if args.qut else None
            found = convert(args.archive, records, qut_csv, minute_times=args.minute_times)
            swept = ingest_and_sweep(records, work, args.operator_timezone)
            qut = run_qut(args.qut_python, qut_csv, work) if qut_csv else None
            print("\n".join(report(args.archive.name, found, swept, qut)))
    except (InputError, zipfile.BadZipFile, UnicodeDecodeError, OSError) as exc:
        print(f"realdata: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
