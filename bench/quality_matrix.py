"""Detection quality over a matrix of generated stores: size x span x operation mix x seed.

    python bench/quality_matrix.py --quick             # 20k and 50k posts, 7 and 28 days
    python bench/quality_matrix.py                     # the medium matrix
    python bench/quality_matrix.py --full              # up to 1,000,000 posts and 90 days
    python bench/quality_matrix.py --posts 20000 --days 7 --mix real_like --seeds 3 4 --json
    python bench/quality_matrix.py --from-json run.json  # the table of a saved --json run

Each scenario goes the way of bench/quality.py: bench/generate.py writes the
posts (with the mix's regime, see generate.MIXES) into gzip JSONL, they are
ingested into a fresh SQLite store with `cibwatch ingest`'s code, the store is
swept from scratch, and the sweep CSV's verdicts are compared with the truth.
One table row per scenario:

* P, R, F1: precision, recall and F1 of *Likely coordinated* against the
  coordinated accounts (authentic and decoy accounts called Likely are the
  false positives);
* recall of each coordinated style (share of its accounts called Likely);
  ``-`` where the mix has no such accounts;
* share of decoy accounts called Likely, overall and per decoy kind;
* ord>=S: share of ordinary (authentic) accounts at *Suspicious* or above;
* sweep s: seconds of the sweep alone (not generation or ingest).

The matrices (``--seeds`` picks the seeds, default 1 and 2; tests and
acceptance should use others):

* ``--quick``: 20,000 and 50,000 posts x 7 and 28 days, mix ``mixed`` (a few
  minutes);
* default (medium): 10,000, 50,000 and 200,000 posts x 7, 28 and 90 days x
  mixes ``mixed`` and ``real_like``;
* ``--full``: 10,000, 50,000, 200,000 and 1,000,000 posts x 7, 28 and 90 days x
  both mixes.

``--posts``, ``--days`` and ``--mix`` replace the matrix's sizes, spans and
mixes.  Tests call :func:`run_scenario` for one scenario and get a
:class:`ScenarioQuality` back.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import othergen  # noqa: E402
from generate import (  # noqa: E402
    COORDINATED_STYLES,
    DECOY_STYLES,
    MIXES,
    ORDINARY_LABEL,
    REGIME_STYLES,
    TruthRow,
)
from quality import FLAGGED, key, sweep_verdicts, write_generated  # noqa: E402

#: Verdicts at *Suspicious* or above, as the sweep CSV spells them.
SUSPICIOUS_OR_ABOVE = frozenset({FLAGGED, "Suspicious"})
#: Mixes written by bench/othergen.py, a generator written apart from this
#: project's detection and generator: judging on it tells whether detection
#: holds on data it was never tuned on. Times are cut to the minute.
OTHER_MIXES = {"other": othergen.DEFAULT_OPS}
OTHER_STYLES = (*othergen.DEFAULT_OPS,)
OTHER_DECOYS = (
    "news_syndication", "share_button", "copypasta", "meme_quote", "viral_cascade",
    "cross_poster", "fandom_campaign", "live_event",
)
STYLES = COORDINATED_STYLES + REGIME_STYLES + OTHER_STYLES
DEFAULT_SEEDS = (1, 2)

#: (sizes, spans in days, mixes) of each named matrix.
MATRICES: dict[str, tuple[tuple[int, ...], tuple[int, ...], tuple[str, ...]]] = {
    "quick": ((20_000, 50_000), (7, 28), ("mixed",)),
    "medium": ((10_000, 50_000, 200_000), (7, 28, 90), ("mixed", "real_like")),
    "full": ((10_000, 50_000, 200_000, 1_000_000), (7, 28, 90), ("mixed", "real_like")),
}

# Column headers of the table: short names for the styles and decoy kinds.
STYLE_COLUMNS = {
    "copypaste": "cp",
    "link_ring": "link",
    "hashtag_rider": "rider",
    "repost_ring": "ring",
    "sleeper": "sleep",
    "corepost_network": "net",
    "round_the_clock": "24h",
    "other_zone": "zone",
    "shift_only": "shift",
    "sparse_rider": "sparse",
    "spamouflage_copypaste": "o:cp",
    "link_push": "o:link",
    "hashtag_campaign": "o:tags",
    "hashtag_sparse": "o:sparse",
    "retweet_network": "o:rtnet",
    "other_zone_op": "o:zone",
    "sleepers": "o:sleep",
}
DECOY_COLUMNS = {
    "news_bot": "d:news",
    "share_button": "d:share",
    "chain_post": "d:chain",
    "generic_reply": "d:generic",
    "viral_cascade": "d:viral",
    "cross_poster": "d:xpost",
    "news_syndication": "d:news",
    "copypasta": "d:copypasta",
    "meme_quote": "d:meme",
    "fandom_campaign": "d:fandom",
    "live_event": "d:live",
}


@dataclass(frozen=True)
class Scenario:
    """One generated store: its size, span, operation mix (generate.MIXES) and seed."""

    posts: int
    days: int
    mix: str = "mixed"
    seed: int = 1

    def __post_init__(self) -> None:
        if self.mix not in MIXES and self.mix not in OTHER_MIXES:
            raise ValueError(f"unknown mix {self.mix!r}; choose from {sorted([*MIXES, *OTHER_MIXES])}")

    @property
    def name(self) -> str:
        """A short label such as ``50k-28d-mixed-s1``."""
        size = f"{self.posts // 1000}k" if self.posts % 1000 == 0 else str(self.posts)
        return f"{size}-{self.days}d-{self.mix}-s{self.seed}"


@dataclass
class ScenarioQuality:
    """How the sweep's verdicts on one scenario compare with the truth.

    Shares are in [0, 1].  ``recall_by_style`` and ``decoys_likely`` hold only
    the styles and kinds the store has; ``coordinated_by_style`` and
    ``decoys_by_kind`` give their account counts.
    """

    scenario: Scenario
    precision: float  # of Likely coordinated
    recall: float
    f1: float
    recall_by_style: dict[str, float]
    coordinated_by_style: dict[str, int]
    decoys_likely: dict[str, float]  # per decoy kind: share called Likely
    decoys_by_kind: dict[str, int]
    decoys_likely_all: float
    ordinary_suspicious: float  # ordinary accounts at Suspicious or above
    ordinary_likely: float
    ordinary: int
    likely: int  # accounts called Likely
    coordinated: int
    sweep_seconds: float
    ingest_seconds: float

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the scenario's fields flattened in)."""
        data = asdict(self)
        data.update(data.pop("scenario"))
        data["name"] = self.scenario.name
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScenarioQuality:
        """The inverse of :meth:`to_dict` (to re-print or compare saved runs)."""
        fields = dict(data)
        fields.pop("name", None)
        scenario = Scenario(*(fields.pop(k) for k in ("posts", "days", "mix", "seed")))
        return cls(scenario=scenario, **fields)


def score_verdicts(
    scenario: Scenario,
    verdicts: Mapping[tuple[str, str], str],
    truth: Iterable[TruthRow],
    timing: Mapping[str, float] | None = None,
) -> ScenarioQuality:
    """Compare verdicts by (platform, handle) with truth rows (missing accounts: no signal)."""
    hits: dict[tuple[str, str], list[int]] = {}  # (label, style) -> [likely, suspicious+, total]
    for row in truth:
        verdict = verdicts.get(key(row.platform, row.author_handle), "")
        entry = hits.setdefault((row.label, row.style), [0, 0, 0])
        entry[0] += verdict == FLAGGED
        entry[1] += verdict in SUSPICIOUS_OR_ABOVE
        entry[2] += 1

    def total(label: str, index: int) -> int:
        return sum(v[index] for (lab, _), v in hits.items() if lab == label)

    tp, coordinated = total("coordinated", 0), total("coordinated", 2)
    likely = sum(v[0] for v in hits.values())
    precision = tp / likely if likely else 0.0
    recall = tp / coordinated if coordinated else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    by_style = {s: v for (lab, s), v in hits.items() if lab == "coordinated"}
    decoys = {s: v for (lab, s), v in hits.items() if lab == "decoy"}
    # Every authentic account is ordinary (othergen names kinds: fans, celebrities...).
    ordinary = [sum(v[i] for (lab, _), v in hits.items() if lab == ORDINARY_LABEL) for i in range(3)]
    n_decoys = total("decoy", 2)
    timing = timing or {}
    return ScenarioQuality(
        scenario=scenario,
        precision=precision,
        recall=recall,
        f1=f1,
        recall_by_style={s: v[0] / v[2] for s, v in sorted(by_style.items())},
        coordinated_by_style={s: v[2] for s, v in sorted(by_style.items())},
        decoys_likely={s: v[0] / v[2] for s, v in sorted(decoys.items())},
        decoys_by_kind={s: v[2] for s, v in sorted(decoys.items())},
        decoys_likely_all=total("decoy", 0) / n_decoys if n_decoys else 0.0,
        ordinary_suspicious=ordinary[1] / ordinary[2] if ordinary[2] else 0.0,
        ordinary_likely=ordinary[0] / ordinary[2] if ordinary[2] else 0.0,
        ordinary=ordinary[2],
        likely=likely,
        coordinated=coordinated,
        sweep_seconds=timing.get("sweep", 0.0),
        ingest_seconds=timing.get("ingest", 0.0),
    )


def run_scenario(scenario: Scenario, workdir: Path | None = None) -> ScenarioQuality:
    """Generate, ingest into a fresh SQLite store, sweep and score one scenario.

    Files go to `workdir` (a temporary directory, removed afterwards, if None).
    """
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="cibwatch-matrix-") as tmp:
            return run_scenario(scenario, Path(tmp))
    workdir.mkdir(parents=True, exist_ok=True)
    data = workdir / "posts.jsonl.gz"
    if scenario.mix in OTHER_MIXES:
        truth = _write_other(scenario, data)
    else:
        truth = write_generated(
            scenario.posts, scenario.seed, data, days=scenario.days, regime=MIXES[scenario.mix]
        )
    verdicts, timing = sweep_verdicts(data, workdir)
    return score_verdicts(scenario, verdicts, truth, timing)


def _write_other(scenario: Scenario, path: Path) -> list[TruthRow]:
    """Write an othergen store for `scenario`; its truth as this module's rows."""
    records, rows = othergen.generate(
        scenario.posts, scenario.seed, days=scenario.days,
        ops=OTHER_MIXES[scenario.mix], minute_resolution=True,
    )
    with gzip.open(path, "wb", compresslevel=1) as handle:
        for rec in records:
            handle.write(orjson.dumps(rec) + b"\n")
    return [TruthRow(r.platform, r.author_handle, r.label, r.style, r.group) for r in rows]


def scenarios(
    sizes: Sequence[int], spans: Sequence[int], mixes: Sequence[str], seeds: Sequence[int]
) -> list[Scenario]:
    """Every combination, smallest stores first."""
    return [
        Scenario(posts, days, mix, seed)
        for posts, days, mix, seed in itertools.product(sorted(sizes), spans, mixes, seeds)
    ]


def _cell(share: float | None) -> str:
    return "-" if share is None else f"{share:.2f}"


def table(results: Sequence[ScenarioQuality]) -> list[str]:
    """The Markdown table, one row per scenario, with a legend."""
    styles = [s for s in STYLES if any(s in q.recall_by_style for q in results)]
    kinds = [k for k in (*DECOY_STYLES, *OTHER_DECOYS) if any(k in q.decoys_likely for q in results)]
    head = (
        ["posts", "days", "mix", "seed", "P", "R", "F1"]
        + [STYLE_COLUMNS[s] for s in styles]
        + ["decoys"]
        + [DECOY_COLUMNS[k] for k in kinds]
        + ["ord>=S", "sweep s"]
    )
    lines = ["| " + " | ".join(head) + " |", "|" + "---:|" * 2 + "---|" + "---:|" * (len(head) - 3)]
    for q in results:
        s = q.scenario
        row = [
            f"{s.posts:,}",
            str(s.days),
            s.mix,
            str(s.seed),
            f"{q.precision:.3f}",
            f"{q.recall:.3f}",
            f"{q.f1:.3f}",
        ]
        row += [_cell(q.recall_by_style.get(x)) for x in styles]
        row += [f"{100 * q.decoys_likely_all:.1f}%"]
        row += [_cell(q.decoys_likely.get(k)) for k in kinds]
        row += [f"{100 * q.ordinary_suspicious:.1f}%", f"{q.sweep_seconds:.1f}"]
        lines.append("| " + " | ".join(row) + " |")
    legend = ", ".join(f"{STYLE_COLUMNS[s]} = {s}" for s in styles)
    lines += [
        "",
        "P/R/F1: Likely coordinated vs truth. Style columns: recall (share called Likely); "
        f"{legend}. decoys, d:*: share of decoy accounts called Likely (all, per kind). "
        "ord>=S: ordinary accounts at Suspicious or above. sweep s: the sweep alone.",
    ]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run the matrix and print the table (or JSON)."""
    parser = argparse.ArgumentParser(
        description="Detection quality over generated stores of several sizes, spans and mixes."
    )
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="20k/50k posts x 7/28 days, mix mixed")
    size.add_argument("--full", action="store_true", help="up to 1,000,000 posts and 90 days")
    parser.add_argument("--posts", type=int, nargs="+", help="store sizes (replace the matrix's)")
    parser.add_argument("--days", type=int, nargs="+", help="spans in days (replace the matrix's)")
    parser.add_argument("--mix", nargs="+", choices=sorted([*MIXES, *OTHER_MIXES]), help="operation mixes")
    parser.add_argument("--seeds", type=int, nargs="+", default=list(DEFAULT_SEEDS))
    parser.add_argument("--json", action="store_true", help="print JSON (one list) instead")
    parser.add_argument(
        "--from-json", type=Path, metavar="FILE", help="print the table of a saved --json run"
    )
    args = parser.parse_args(argv)
    if args.from_json:
        try:
            saved = [
                ScenarioQuality.from_dict(d) for d in orjson.loads(args.from_json.read_bytes())
            ]
        except (OSError, ValueError, TypeError, KeyError) as e:
            parser.exit(2, f"{args.from_json}: not a saved --json run ({e})\n")
        print("\n".join(table(saved)))
        return 0
    sizes, spans, mixes = MATRICES["quick" if args.quick else "full" if args.full else "medium"]
    runs = scenarios(args.posts or sizes, args.days or spans, args.mix or mixes, args.seeds)
    results: list[ScenarioQuality] = []
    started = time.perf_counter()
    for scenario in runs:
        try:
            quality = run_scenario(scenario)
        except ValueError as e:
            parser.exit(2, f"{scenario.name}: {e}\n")
        results.append(quality)
        print(
            f"{scenario.name}: P {quality.precision:.3f} R {quality.recall:.3f} "
            f"F1 {quality.f1:.3f}, ordinary >= Suspicious {100 * quality.ordinary_suspicious:.1f}%, "
            f"sweep {quality.sweep_seconds:.1f} s ({time.perf_counter() - started:.0f} s so far)",
            file=sys.stderr,
            flush=True,
        )
    if args.json:
        print(orjson.dumps([q.to_dict() for q in results], option=orjson.OPT_INDENT_2).decode())
    else:
        print("\n".join(table(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
