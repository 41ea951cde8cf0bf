"""Sweep and check benchmark, with QUT's coordination-network-toolkit as the baseline.

    python bench/sweep.py --posts 100000 1000000 --seed 11
    python bench/sweep.py --posts 20000 --no-qut            # cibwatch only
    python bench/sweep.py --posts 1000000 --qut-timeout 900 --keep /tmp/sweep-bench

For each size it:

1. generates N posts with known truth (bench/generate.py) into gzip JSONL and
   ingests them into a fresh SQLite store in a child process (timed, but the
   sweep figures do not include it; bench/ingest.py is the ingest benchmark);
2. sweeps the store in a fresh child process (`run_sweep(force=True)` and
   `write_sweep_csv`, what `cibwatch sweep --force --out` does) and records the
   wall time and the child's peak resident memory; scores the CSV against the
   truth with bench/quality.py's `score()` ("Likely coordinated" = flagged);
3. opens the store once in another child process and checks ~200 targets
   (handles of coordinated, decoy and authentic accounts, x post links, profile
   links, article links from the data, and targets not in the store) twice;
   the second, warm pass gives p50/p95/max latency;
4. runs the same records through the QUT coordination-network-toolkit (PyPI
   `coordination-network-toolkit`) with its command line: `preprocess --format
   csv`, then `compute` for co_retweet, co_tweet, co_similar_tweet, co_link and
   co_reply (time window 60 s, the toolkit's documented default, and its
   command-line defaults otherwise: min edge weight 2, similarity threshold
   0.8). An account is flagged by the toolkit when it is an endpoint of an edge
   (self-loops excluded, as its exporter does) in any of those networks: the
   "network union". Each network alone, and the best union of networks and
   weight thresholds picked with hindsight from the truth, are printed too;
5. prints Markdown tables for the README (time, time ratio, peak memory,
   precision, recall, F1, decoys flagged, per-style recall; decoys by kind;
   check latency), with the load average of the machine during the run.

The toolkit is single-platform, so its user id is ``platform:handle``, its
message ids ``platform:post_id``; flagged user ids are mapped back to
(platform, handle). Its CSV preprocess turns an empty `urls` cell into one
empty-string URL per message, which would make co_link link every two
link-less posts within the window; the benchmark deletes those rows after
preprocessing (timed with preprocessing) and says how many there were.

The QUT steps run as subprocesses of ``python -m coordination_network_toolkit``
in their own process group; peak memory is the largest single process (from
``wait4``) and the largest sum over the group (sampled from /proc every 0.25 s),
because the toolkit computes with a pool of worker processes. A size whose QUT
run exceeds ``--qut-timeout`` seconds is stopped and reported as unfinished; no
later (larger) size is attempted for QUT.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gzip
import importlib.util
import itertools
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generate import COORDINATED_STYLES, DECOY_STYLES, TruthRow, write_truth  # noqa: E402
from quality import FLAGGED, Quality, key, score, write_generated  # noqa: E402

QUT_NETWORKS = ("co_retweet", "co_tweet", "co_similar_tweet", "co_link", "co_reply")
QUT_TIME_WINDOW = 60  # seconds; README: "The default time window is 60 seconds"
QUT_MIN_EDGE_WEIGHT = 2  # the command line's default
QUT_SIMILARITY_THRESHOLD = 0.8  # the command line's default
QUT_WEIGHT_GRID = (2, 3, 5, 10)  # thresholds tried for the hindsight "best union"
CHECK_TARGETS = 200
SAMPLE_MS = 0.25  # seconds between /proc samples of a process group


# ---------------------------------------------------------------------------
# Child processes
# ---------------------------------------------------------------------------


def _child(target: Callable[..., dict[str, Any]], args: tuple[Any, ...], queue: Any) -> None:
    """Run target in this (spawned) process and send back its result and peak RSS."""
    try:
        result = target(*args)
    except BaseException:  # reported to the parent, which decides what to do
        result = {"error": traceback.format_exc()}
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(result)


def in_child(target: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """Run target(*args) in a fresh process; return its result with `peak_mb` added.

    Raises RuntimeError with the child's traceback if it failed or died.
    """
    ctx = get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(target, args, queue))
    proc.start()
    result: dict[str, Any] | None = None
    while result is None:
        try:
            result = queue.get(timeout=1.0)
        except Exception:  # queue.Empty: still running, or dead without answering
            if not proc.is_alive():
                proc.join()
                raise RuntimeError(f"{target.__name__} died (exit code {proc.exitcode})") from None
    proc.join()
    if "error" in result:
        raise RuntimeError(f"{target.__name__} failed:\n{result['error']}")
    return result


def _ingest(data: str, url: str) -> dict[str, Any]:
    """Child: ingest the file into the store at url."""
    from storage.db import open_store
    from storage.ingest import ingest_file

    store = open_store(url)
    start = time.perf_counter()
    report = ingest_file(store, Path(data))
    seconds = time.perf_counter() - start
    store.dispose()
    return {"seconds": seconds, "loaded": report.loaded}


def _sweep(url: str, out: str) -> dict[str, Any]:
    """Child: sweep the store (forced) and write the sweep CSV."""
    from services.sweeps import run_sweep, write_sweep_csv
    from storage.db import open_store

    store = open_store(url)
    start = time.perf_counter()
    summary = run_sweep(store, force=True)
    swept = time.perf_counter()
    rows = write_sweep_csv(store, Path(out))
    written = time.perf_counter()
    store.dispose()
    return {
        "sweep_s": swept - start,
        "csv_s": written - swept,
        "seconds": written - start,
        "rows": rows,
        "accounts": summary.accounts,
        "clusters": summary.clusters,
        "likely": summary.likely,
        "suspicious": summary.suspicious,
    }


def _check_latency(url: str, targets: list[tuple[str, str]]) -> dict[str, Any]:
    """Child: open the store once, check every target twice, time the second pass."""
    from services.checks import check_target
    from storage.db import open_store
    from storage.links import TargetError

    store = open_store(url)
    timings: list[tuple[str, float, str]] = []  # (kind, ms, verdict level)
    errors: list[str] = []
    for warm in (False, True):
        for kind, text in targets:
            start = time.perf_counter()
            try:
                level = str(check_target(store, text).level)
            except TargetError as exc:
                level = f"error: {exc}"
            ms = 1000 * (time.perf_counter() - start)
            if warm:
                timings.append((kind, ms, level))
                if level.startswith("error"):
                    errors.append(f"{text}: {level}")
    store.dispose()
    return {"timings": timings, "errors": errors}


# ---------------------------------------------------------------------------
# Data: QUT CSV and check targets, in one pass over the records
# ---------------------------------------------------------------------------


class Reservoir:
    """A uniform random sample of at most k items from a stream."""

    def __init__(self, k: int, rnd: random.Random) -> None:
        self.k = k
        self.rnd = rnd
        self.seen = 0
        self.items: list[Any] = []

    def add(self, item: Any) -> None:
        """Offer one item."""
        self.seen += 1
        if len(self.items) < self.k:
            self.items.append(item)
        else:
            slot = self.rnd.randrange(self.seen)
            if slot < self.k:
                self.items[slot] = item


def _epoch(posted_at: str) -> int:
    """ISO-8601 with a zone -> UNIX seconds."""
    return int(datetime.fromisoformat(posted_at).timestamp())


def qut_user(platform: str, handle: str) -> str:
    """The toolkit's user id for an account: ``platform:handle`` (normalised)."""
    plat, name = key(platform, handle)
    return f"{plat}:{name}"


def from_qut_user(user_id: str) -> tuple[str, str]:
    """Inverse of qut_user."""
    plat, _, name = user_id.partition(":")
    return key(plat, name)


def prepare(
    data: Path, truth: list[TruthRow], qut_csv: Path | None, seed: int
) -> list[tuple[str, str]]:
    """Read the records once: write the toolkit's CSV (if asked) and pick check targets.

    The CSV has the columns the toolkit's `preprocess --format csv` reads, in
    its order: message_id, user_id, username, repost_id, reply_id, message,
    timestamp (integer UNIX seconds), urls (space-separated).
    """
    from storage.links import TargetError, parse_target

    rnd = random.Random(seed)
    label_of = {key(r.platform, r.author_handle): r.label for r in truth}
    labels = ("coordinated", "decoy", "authentic")
    x_posts = {label: Reservoir(20, rnd) for label in labels}
    articles = {label: Reservoir(40, rnd) for label in labels}
    out = qut_csv.open("w", encoding="utf-8", newline="") if qut_csv else None
    writer = csv.writer(out, lineterminator="\n") if out else None
    if writer:
        writer.writerow(
            (
                "message_id",
                "user_id",
                "username",
                "repost_id",
                "reply_id",
                "message",
                "timestamp",
                "urls",
            )
        )
    with gzip.open(data, "rb") as handle:
        for line in handle:
            rec = orjson.loads(line)
            platform = rec["platform"]
            label = label_of.get(key(platform, rec["author_handle"]), "authentic")
            if writer:
                repost = rec.get("repost_of_post_id")
                reply = rec.get("reply_to_post_id")
                writer.writerow(
                    (
                        f"{platform}:{rec['post_id']}",
                        qut_user(platform, rec["author_handle"]),
                        rec["author_handle"],
                        f"{platform}:{repost}" if repost else "",
                        f"{platform}:{reply}" if reply else "",
                        rec.get("text") or "",
                        _epoch(rec["posted_at"]),
                        " ".join(rec.get("urls") or []),
                    )
                )
            if platform == "x":
                x_posts[label].add((rec["author_handle"], rec["post_id"]))
            for link in rec.get("urls") or []:
                articles[label].add(link)
    if out:
        out.close()

    targets: list[tuple[str, str]] = []
    by_label: dict[str, list[TruthRow]] = {label: [] for label in labels}
    for row in truth:
        by_label.setdefault(row.label, []).append(row)
    for label in labels:
        for row in rnd.sample(by_label[label], min(20, len(by_label[label]))):
            targets.append((f"handle:{label}", f"{row.platform}:@{row.author_handle}"))
        on_x = [row for row in by_label[label] if row.platform == "x"]
        for row in rnd.sample(on_x, min(4, len(on_x))):
            targets.append((f"profile:{label}", f"https://x.com/{row.author_handle}"))
        for handle_name, post_id in x_posts[label].items:
            targets.append((f"post:{label}", f"https://x.com/{handle_name}/status/{post_id}"))
        picked = 0
        for link in articles[label].items:
            try:
                kind = parse_target(link).kind
            except TargetError:
                continue
            if kind == "article" and picked < 15:
                targets.append((f"article:{label}", link))
                picked += 1
    for i in range(8):
        targets.append(("missing", f"x:@nosuchaccount{seed}{i:03d}"))
    for i in range(6):
        targets.append(("missing", f"https://x.com/nosuchaccount{i}/status/{10**18 + i}"))
    for i in range(6):
        targets.append(("missing", f"https://example.org/never-shared/{seed}/{i}"))
    return targets


# ---------------------------------------------------------------------------
# The QUT toolkit
# ---------------------------------------------------------------------------


@dataclass
class StepResult:
    """One subprocess: wall time, peak memory, and whether it finished."""

    argv: list[str]
    seconds: float
    peak_mb: float  # the largest single process
    group_peak_mb: float  # the largest sampled sum over the process group
    returncode: int | None  # None: stopped at the time limit
    stderr_tail: str = ""


def _group_rss_mb(pgid: int) -> float:
    """Sum of resident memory over the processes in process group pgid (from /proc)."""
    page = os.sysconf("SC_PAGE_SIZE")
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        if int(fields[2]) == pgid:  # fields[0] is the state; [1] ppid; [2] pgrp
            total += int(fields[21]) * page  # rss in pages
    return total / 2**20


def run_step(argv: list[str], timeout: float, log: Path) -> StepResult:
    """Run argv in its own process group; stop the group after `timeout` seconds."""
    start = time.perf_counter()
    with log.open("ab") as sink:
        proc = subprocess.Popen(argv, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True)
        group_peak = 0.0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                proc.returncode = os.waitstatus_to_exitcode(status)
                break
            group_peak = max(group_peak, _group_rss_mb(proc.pid))
            if time.perf_counter() - start > timeout:
                os.killpg(proc.pid, signal.SIGTERM)
                _pid, status, usage = os.wait4(proc.pid, 0)
                time.sleep(1)
                # The toolkit's pool workers, if any outlived their parent.
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.returncode = None
                break
            time.sleep(SAMPLE_MS)
    seconds = time.perf_counter() - start
    tail = log.read_bytes()[-1500:].decode("utf-8", "replace")
    return StepResult(argv, seconds, usage.ru_maxrss / 1024, group_peak, proc.returncode, tail)


@dataclass
class QutRun:
    """The toolkit on one data set."""

    steps: list[StepResult] = field(default_factory=list)
    empty_urls: int = 0
    edges: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    error: str = ""

    @property
    def seconds(self) -> float:
        """Preprocess + compute wall time."""
        return sum(s.seconds for s in self.steps)

    @property
    def compute_seconds(self) -> float:
        """Compute wall time only (the analogue of cibwatch's sweep)."""
        return sum(s.seconds for s in self.steps if "compute" in s.argv)

    @property
    def preprocess_seconds(self) -> float:
        """Preprocess wall time (the analogue of cibwatch's ingest)."""
        return sum(s.seconds for s in self.steps if "preprocess" in s.argv)

    @property
    def peak_mb(self) -> float:
        """Peak memory: the larger of single-process and sampled group peaks."""
        return max((max(s.peak_mb, s.group_peak_mb) for s in self.steps), default=0.0)

    def flagged(
        self, networks: Iterable[str] = QUT_NETWORKS, min_weight: int = QUT_MIN_EDGE_WEIGHT
    ) -> set[tuple[str, str]]:
        """Accounts that are an endpoint of an edge in any of `networks` (the network union)."""
        out: set[tuple[str, str]] = set()
        for name in networks:
            for user_1, user_2, weight in self.edges.get(name, []):
                if weight >= min_weight:
                    out.add(from_qut_user(user_1))
                    out.add(from_qut_user(user_2))
        return out


def qut_available() -> str:
    """'' if the toolkit can be imported, else why not."""
    try:
        if importlib.util.find_spec("coordination_network_toolkit") is None:
            return "not installed (pip install coordination-network-toolkit)"
    except (ImportError, ValueError) as exc:
        return f"cannot be imported: {exc}"
    return ""


def run_qut(qut_csv: Path, db: Path, timeout: float, log: Path) -> QutRun:
    """Preprocess the CSV and compute the standard networks, within `timeout` seconds in all."""
    run = QutRun()
    tool = [sys.executable, "-m", "coordination_network_toolkit", str(db)]
    deadline = time.perf_counter() + timeout
    step = run_step([*tool, "preprocess", "--format", "csv", str(qut_csv)], timeout, log)
    run.steps.append(step)
    if step.returncode != 0:
        run.error = _step_error(step)
        return run
    # Workaround: the CSV path stores "" as a URL of every message without URLs.
    start = time.perf_counter()
    con = sqlite3.connect(db)
    with con:
        run.empty_urls = con.execute("delete from message_url where url = ''").rowcount
        con.execute("delete from resolved_url where url = ''")
    con.close()
    run.steps[-1].seconds += time.perf_counter() - start
    for network in QUT_NETWORKS:
        argv = [
            *tool, "compute", network,
            "--time_window", str(QUT_TIME_WINDOW),
            "--min_edge_weight", str(QUT_MIN_EDGE_WEIGHT),
        ]  # fmt: skip
        if network == "co_similar_tweet":
            argv += ["--similarity_threshold", str(QUT_SIMILARITY_THRESHOLD)]
        step = run_step(argv, max(deadline - time.perf_counter(), 1.0), log)
        run.steps.append(step)
        if step.returncode != 0:
            run.error = _step_error(step)
            return run
    con = sqlite3.connect(db)
    for network in QUT_NETWORKS:
        run.edges[network] = list(
            con.execute(
                f"select user_1, user_2, weight from {network}_network where user_1 != user_2"
            )
        )
    con.close()
    return run


def _step_name(step: StepResult) -> str:
    """'preprocess' or the network a compute step computed."""
    command = step.argv[4]  # [python, -m, toolkit, db, command, ...]
    return step.argv[5] if command == "compute" else command


def _step_error(step: StepResult) -> str:
    name = _step_name(step)
    if step.returncode is None:
        return f"{name} did not finish within the time limit ({step.seconds:.0f} s)"
    return f"{name} failed (exit {step.returncode}): {step.stderr_tail.strip()[-600:]}"


def qut_command_lines(db: str = "DB", csv_file: str = "posts.csv") -> list[str]:
    """The toolkit commands this benchmark runs, for the report."""
    lines = [f"compute_networks {db} preprocess --format csv {csv_file}"]
    for network in QUT_NETWORKS:
        extra = (
            f" --similarity_threshold {QUT_SIMILARITY_THRESHOLD}"
            if network == "co_similar_tweet"
            else ""
        )
        lines.append(
            f"compute_networks {db} compute {network} --time_window {QUT_TIME_WINDOW} "
            f"--min_edge_weight {QUT_MIN_EDGE_WEIGHT}{extra}"
        )
    return lines


# ---------------------------------------------------------------------------
# One size, and the report
# ---------------------------------------------------------------------------


@dataclass
class SizeResult:
    """Everything measured for one data size."""

    posts: int
    accounts: int
    labels: dict[str, int]
    ingest: dict[str, Any]
    sweep: dict[str, Any]
    quality: Quality
    missing_in_csv: int
    collisions: tuple[int, int]  # truth keys shared by 2+ truth rows; of those, mixed labels
    latency: dict[str, Any]
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    qut: QutRun | None = None
    qut_skipped: str = ""
    qut_quality: Quality | None = None
    qut_by_network: dict[str, Quality] = field(default_factory=dict)
    qut_best: tuple[str, Quality] | None = None


def truth_collisions(truth: list[TruthRow]) -> tuple[int, int]:
    """Truth rows whose accounts are one account after key() normalisation.

    Returns (keys shared by two or more truth rows, of which with different
    labels). Both tools see one account there, so a mixed pair always costs a
    false positive or a false negative.
    """
    labels: dict[tuple[str, str], set[str]] = {}
    rows: dict[tuple[str, str], int] = {}
    for row in truth:
        k = key(row.platform, row.author_handle)
        labels.setdefault(k, set()).add(row.label)
        rows[k] = rows.get(k, 0) + 1
    shared = [k for k, count in rows.items() if count > 1]
    return len(shared), sum(1 for k in shared if len(labels[k]) > 1)


def quality_of(flagged: set[tuple[str, str]], truth: list[TruthRow]) -> Quality:
    """score() for a set of flagged accounts."""
    return score(dict.fromkeys(flagged, FLAGGED), truth)


def run_size(n: int, args: argparse.Namespace, work: Path, qut_note: str) -> SizeResult:
    """Generate, ingest, sweep, check, and run the toolkit for one size."""
    load_before = os.getloadavg()
    data = work / f"posts-{n}.jsonl.gz"
    t0 = time.perf_counter()
    truth = write_generated(n, args.seed, data)
    if args.keep:
        write_truth(truth, work / f"truth-{n}.csv")
    labels: dict[str, int] = {}
    for row in truth:
        labels[row.label] = labels.get(row.label, 0) + 1
    _say(
        f"{n:,} posts: generated in {time.perf_counter() - t0:.0f} s; {len(truth):,} accounts {labels}"
    )

    store_path = work / f"cibwatch-{n}.db"
    _remove_sqlite(store_path)  # a fresh store, even in a --keep directory used before
    url = f"sqlite:///{store_path}"
    ingest = in_child(_ingest, str(data), url)
    _say(
        f"  ingest {ingest['seconds']:.1f} s (peak {ingest['peak_mb']:.0f} MB), loaded {ingest['loaded']:,}"
    )
    if ingest["loaded"] != n:
        _say(f"  WARNING: the store loaded {ingest['loaded']:,} of {n:,} generated posts")

    out = work / f"sweep-{n}.csv"
    sweep = in_child(_sweep, url, str(out))
    with out.open(newline="", encoding="utf-8") as handle:
        verdicts = {
            (r["platform"], r["author_handle"]): r["verdict"] for r in csv.DictReader(handle)
        }
    quality = score(verdicts, truth)
    missing = sum(1 for r in truth if key(r.platform, r.author_handle) not in verdicts)
    _say(
        f"  sweep {sweep['sweep_s']:.1f} s + CSV {sweep['csv_s']:.1f} s, peak {sweep['peak_mb']:.0f} MB; "
        f"P {quality.precision:.3f} R {quality.recall:.3f} F1 {quality.f1:.3f}, "
        f"decoys {100 * quality.decoy_flagged_rate:.1f}%"
    )

    want_qut = not qut_note and n <= args.qut_max_posts
    qut_csv = work / f"qut-{n}.csv" if want_qut else None
    targets = prepare(data, truth, qut_csv, args.seed)
    latency = in_child(_check_latency, url, targets)
    ms = sorted(t[1] for t in latency["timings"])
    _say(
        f"  check: {len(ms)} targets, p50 {_pct(ms, 50):.1f} ms, p95 {_pct(ms, 95):.1f} ms, max {ms[-1]:.1f} ms"
    )

    result = SizeResult(
        n, len(truth), labels, ingest, sweep, quality, missing, truth_collisions(truth),
        latency, load_before,
    )  # fmt: skip
    if not want_qut:
        result.qut_skipped = qut_note or f"skipped above {args.qut_max_posts:,} posts"
    else:
        assert qut_csv is not None
        qut_db, qut_log = work / f"qut-{n}.db", work / f"qut-{n}.log"
        _remove_sqlite(qut_db)
        qut_log.unlink(missing_ok=True)
        try:
            qut = run_qut(qut_csv, qut_db, args.qut_timeout, qut_log)
        except Exception:  # the baseline must never stop the cibwatch report
            result.qut_skipped = "toolkit run crashed: " + traceback.format_exc(limit=3)
        else:
            result.qut = qut
            if qut.error:
                result.qut_skipped = qut.error
            else:
                _score_qut(result, truth)
        if not args.keep:
            qut_csv.unlink(missing_ok=True)
            _remove_sqlite(qut_db)
    result.load_after = os.getloadavg()
    if result.qut_quality and result.qut:
        q = result.qut_quality
        _say(
            f"  QUT: preprocess {result.qut.preprocess_seconds:.1f} s + compute "
            f"{result.qut.compute_seconds:.1f} s, peak {result.qut.peak_mb:.0f} MB; "
            f"P {q.precision:.3f} R {q.recall:.3f} F1 {q.f1:.3f}, decoys {100 * q.decoy_flagged_rate:.1f}%"
        )
    elif result.qut_skipped:
        _say(f"  QUT: {result.qut_skipped}")
    if not args.keep:
        data.unlink(missing_ok=True)
    return result


def _remove_sqlite(path: Path) -> None:
    """Delete an SQLite database file and its journal files, if present."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _score_qut(result: SizeResult, truth: list[TruthRow]) -> None:
    """Score the network union, each network, and the hindsight-best union."""
    assert result.qut is not None
    qut = result.qut
    result.qut_quality = quality_of(qut.flagged(), truth)
    for network in QUT_NETWORKS:
        result.qut_by_network[network] = quality_of(qut.flagged([network]), truth)
    best: tuple[str, Quality] | None = None
    for size in range(1, len(QUT_NETWORKS) + 1):
        for combo in itertools.combinations(QUT_NETWORKS, size):
            for weight in QUT_WEIGHT_GRID:
                q = quality_of(qut.flagged(combo, weight), truth)
                if best is None or q.f1 > best[1].f1:
                    best = (f"{' ∪ '.join(combo)}, weight ≥ {weight}", q)
    result.qut_best = best


def _pct(sorted_ms: list[float], pct: float) -> float:
    """Nearest-rank percentile of a sorted list."""
    if not sorted_ms:
        return float("nan")
    rank = max(0, min(len(sorted_ms) - 1, round(pct / 100 * len(sorted_ms) + 0.5) - 1))
    return sorted_ms[rank]


def _say(text: str) -> None:
    print(text, flush=True)


def _style_cells(q: Quality) -> list[str]:
    cells = []
    for style in COORDINATED_STYLES:
        hit, total = q.by_style.get(f"coordinated:{style}", (0, 0))
        cells.append(f"{hit / total:.2f}" if total else "–")
    return cells


def _decoy_cells(q: Quality) -> list[str]:
    cells = []
    for style in DECOY_STYLES:
        hit, total = q.by_style.get(f"decoy:{style}", (0, 0))
        cells.append(f"{100 * hit / total:.0f}% ({hit}/{total})" if total else "–")
    return cells


def _quality_cells(q: Quality) -> list[str]:
    return [
        f"{q.precision:.3f}",
        f"{q.recall:.3f}",
        f"{q.f1:.3f}",
        f"{100 * q.decoy_flagged_rate:.1f}%",
        *_style_cells(q),
    ]


def _load(result: SizeResult) -> str:
    before, after = result.load_before, result.load_after
    return f"{before[0]:.2f} → {after[0]:.2f} (1-min), {after[1]:.2f} (5-min)"


def report(results: list[SizeResult], seed: int) -> None:
    """Print the README tables."""
    head = (
        "| posts | tool | sweep / compute | × cibwatch | with load¹ | × cibwatch | peak memory | "
        "precision | recall | F1 | decoys flagged | " + " | ".join(COORDINATED_STYLES) + " |"
    )
    print()
    print(head)
    print("|---:|---|" + "---:|" * (9 + len(COORDINATED_STYLES)))
    for r in results:
        ours = r.sweep["seconds"]
        ours_all = ours + r.ingest["seconds"]
        print(
            f"| {r.posts:,} | cibwatch | {ours:.1f} s | 1 | {ours_all:.1f} s | 1 | "
            f"{r.sweep['peak_mb']:.0f} MB | " + " | ".join(_quality_cells(r.quality)) + " |"
        )
        if r.qut and r.qut_quality:
            qut = r.qut
            print(
                f"| {r.posts:,} | QUT toolkit (network union) | {qut.compute_seconds:.1f} s | "
                f"{qut.compute_seconds / ours:.1f}× | {qut.seconds:.1f} s | {qut.seconds / ours_all:.1f}× | "
                f"{qut.peak_mb:.0f} MB | " + " | ".join(_quality_cells(r.qut_quality)) + " |"
            )
            if r.qut_best:
                name, best = r.qut_best
                print(
                    f"| {r.posts:,} | QUT best union² ({name}) | | | | | | "
                    + " | ".join(_quality_cells(best))
                    + " |"
                )
        else:
            print(f"| {r.posts:,} | QUT toolkit | {r.qut_skipped.splitlines()[0][:160]} |")
    print()
    print(
        "¹ cibwatch: ingest + sweep (+ CSV); QUT: `preprocess` + all five `compute` runs. "
        "Sweep time includes writing the CSV. Peak memory: cibwatch sweep child's max RSS; "
        "QUT: largest of any single process and of the sampled sum over its worker pool.  "
    )
    print(
        "² union of networks and edge-weight threshold with the best F1, picked with the truth (optimistic)."
    )

    print()
    print("Decoy accounts flagged, by kind:")
    print()
    print("| posts | tool | " + " | ".join(DECOY_STYLES) + " |")
    print("|---:|---|" + "---:|" * len(DECOY_STYLES))
    for r in results:
        print(f"| {r.posts:,} | cibwatch | " + " | ".join(_decoy_cells(r.quality)) + " |")
        if r.qut_quality:
            print(f"| {r.posts:,} | QUT union | " + " | ".join(_decoy_cells(r.qut_quality)) + " |")

    if any(r.qut_by_network for r in results):
        print()
        print("QUT networks one by one (min edge weight 2, 60 s):")
        print()
        print(
            "| posts | network | edges | flagged | precision | recall | F1 | decoys flagged | "
            + " | ".join(COORDINATED_STYLES)
            + " |"
        )
        print("|---:|---|---:|---:|" + "---:|" * (4 + len(COORDINATED_STYLES)))
        for r in results:
            for network, q in r.qut_by_network.items():
                edges = len(r.qut.edges.get(network, [])) if r.qut else 0
                print(
                    f"| {r.posts:,} | {network} | {edges:,} | {q.flagged:,} | "
                    + " | ".join(_quality_cells(q))
                    + " |"
                )

    print()
    print(
        "`cibwatch check`, warm (store opened once, each target checked twice, second pass timed):"
    )
    print()
    print("| posts | targets | p50 | p95 | max | slowest kind (p95) | load average |")
    print("|---:|---:|---:|---:|---:|---|---|")
    for r in results:
        timings = r.latency["timings"]
        ms = sorted(t[1] for t in timings)
        by_kind: dict[str, list[float]] = {}
        for kind, value, _level in timings:
            by_kind.setdefault(kind.split(":")[0], []).append(value)
        slowest = max(by_kind.items(), key=lambda kv: _pct(sorted(kv[1]), 95))
        print(
            f"| {r.posts:,} | {len(ms)} | {_pct(ms, 50):.1f} ms | {_pct(ms, 95):.1f} ms | "
            f"{ms[-1]:.1f} ms | {slowest[0]} {_pct(sorted(slowest[1]), 95):.1f} ms | {_load(r)} |"
        )

    print()
    for r in results:
        qut = ""
        if r.qut and r.qut.steps:
            parts = ", ".join(f"{_step_name(s)} {s.seconds:.1f} s" for s in r.qut.steps)
            qut = f"; QUT steps: {parts}; empty-URL rows removed: {r.qut.empty_urls:,}"
        levels: dict[str, int] = {}
        for _kind, _ms, level in r.latency["timings"]:
            name = "error" if level.startswith("error") else level
            levels[name] = levels.get(name, 0) + 1
        print(
            f"- {r.posts:,} posts, {r.accounts:,} accounts {r.labels}; load average {_load(r)}; "
            f"cibwatch ingest {r.ingest['seconds']:.1f} s ({r.ingest['loaded']:,} posts loaded), sweep {r.sweep['sweep_s']:.1f} s + CSV "
            f"{r.sweep['csv_s']:.1f} s, {r.sweep['clusters']:,} clusters, "
            f"{r.quality.flagged:,} flagged (truth: {r.quality.coordinated:,} coordinated); "
            f"accounts missing from the CSV: {r.missing_in_csv}; truth handles that collide "
            f"after normalisation: {r.collisions[0]:,} ({r.collisions[1]:,} with different labels); "
            f"check verdicts {levels}{qut}"
        )
        for err in r.latency["errors"][:5]:
            print(f"  - check error: {err}")
    print()
    print(
        "QUT commands (each with `python -m coordination_network_toolkit` for `compute_networks`):"
    )
    print()
    for line in qut_command_lines():
        print(f"    {line}")
    print()
    print(f"Machine: {os.cpu_count()} CPUs; data seed {seed}.")


def main() -> None:
    """Run every size and print the tables."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, nargs="+", default=[100_000])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--no-qut", action="store_true", help="skip the QUT toolkit baseline")
    parser.add_argument(
        "--qut-max-posts", type=int, default=10**9, help="run the toolkit only up to this size"
    )
    parser.add_argument(
        "--qut-timeout",
        type=float,
        default=900.0,
        help="stop a toolkit run (preprocess + compute) after this many seconds (default 900)",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="keep data, truth, stores, CSVs and toolkit logs in this directory",
    )
    args = parser.parse_args()
    qut_note = "skipped (--no-qut)" if args.no_qut else ""
    if not qut_note and (why := qut_available()):
        qut_note = f"QUT toolkit {why}"
        _say(qut_note)
    results: list[SizeResult] = []
    with tempfile.TemporaryDirectory(prefix="cibwatch-sweep-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for n in sorted(args.posts):
            result = run_size(n, args, work, qut_note)
            results.append(result)
            if result.qut and result.qut.error and not qut_note:
                qut_note = f"not run: the toolkit did not finish at {n:,} posts"
    report(results, args.seed)


if __name__ == "__main__":
    main()
