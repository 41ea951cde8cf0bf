"""Services shared by the CLI, the Slack handlers and the scheduler.

Each service composes storage and detection for one user-level action:
sweep the store, check a target, record a flag. No rules live here.
"""

from __future__ import annotations

import csv
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from detection import flags as flag_rules
from detection.check import check
from detection.sweep import DetectionConfig, SweepResult, level_for, sweep
from detection.verdict import Level, Verdict
from storage import queries
from storage.db import Store, now_ts
from storage.links import parse_target
from storage.models import Flag
from storage.sweepdata import load_sweep_data

log = logging.getLogger(__name__)

SWEEP_CSV_COLUMNS = ("platform", "author_handle", "author_id", "score", "verdict", "cluster_id")


@dataclass
class SweepSummary:
    """What a sweep did, for the CLI and logs."""

    accounts: int
    posts: int
    bursts: int
    clusters: int
    likely: int
    suspicious: int
    skipped: bool = False


def run_sweep(
    store: Store, config: DetectionConfig | None = None, *, force: bool = False
) -> SweepSummary:
    """Score every account and store the results, unless nothing changed since the last sweep."""
    started = now_ts()
    with store.session() as session:
        previous = queries.last_sweep(session)
        newest = queries.max_post_pk(session)
    if previous is not None and previous.max_post_pk == newest and not force:
        return SweepSummary(previous.accounts, 0, 0, previous.clusters, 0, 0, skipped=True)
    data = load_sweep_data(store)
    result = sweep(data, config)
    _store_result(store, data.accounts.ids, result, started)
    levels = [r.level for r in result.accounts.values()]
    return SweepSummary(
        accounts=len(data.accounts),
        posts=len(data.posts),
        bursts=result.bursts,
        clusters=len(result.clusters),
        likely=levels.count(Level.LIKELY),
        suspicious=levels.count(Level.SUSPICIOUS),
    )


def _store_result(store: Store, account_ids: list[int], result: SweepResult, started: int) -> None:
    clusters = [
        queries.ClusterRow(
            key=c.index,
            size=len(c.members),
            platforms=c.features.platforms,
            first_ts=c.features.first_ts,
            last_ts=c.features.last_ts,
            score=c.score,
            features=asdict(c.features),
        )
        for c in result.clusters
    ]
    scores = [
        queries.ScoreRow(
            account_id=account_ids[r.account],
            score=r.score,
            verdict=str(r.level),
            cluster_key=r.cluster,
            evidence=[asdict(e) for e in r.evidence],
        )
        for r in result.accounts.values()
    ]
    with store.session() as session:
        queries.replace_sweep_results(
            session,
            clusters,
            scores,
            started_ts=started,
            finished_ts=now_ts(),
            max_pk=result.max_post_pk,
        )


def write_sweep_csv(store: Store, path: Path) -> int:
    """Write one row per account (DESIGN.md's sweep CSV), flags applied; returns the row count."""
    rows = 0
    with store.session() as session, open(path, "w", newline="", encoding="utf-8") as handle:
        latest = {a: f.label for a, f in queries.latest_flags(session).items()}
        writer = csv.writer(handle)
        writer.writerow(SWEEP_CSV_COLUMNS)
        for account, score in queries.iter_accounts_with_scores(session):
            assert account.id is not None
            base = score.score if score else 0.0
            value, _ = flag_rules.adjust(base, latest.get(account.id), 0)
            level = Level.NONE if latest.get(account.id) == "benign" else level_for(value)
            writer.writerow(
                (
                    account.platform,
                    account.handle,
                    account.author_id or "",
                    f"{value:.3f}",
                    str(level),
                    score.cluster_id if score and score.cluster_id is not None else "",
                )
            )
            rows += 1
    return rows


def check_target(store: Store, text: str) -> Verdict:
    """Parse what the user typed and check it (raises TargetError on bad input)."""
    target = parse_target(text)
    with store.session() as session:
        return check(session, target)


class FlagError(ValueError):
    """A flag that cannot be recorded (unknown account, bad label); message is user-facing."""


@dataclass
class FlagResult:
    """A recorded decision and the accounts it applied to."""

    label: str
    accounts: list[str]
    flag_ids: list[int]


def record_flag(
    store: Store,
    target_text: str,
    label: str,
    reviewer: str,
    reason: str = "",
    *,
    channel: str | None = None,
    evidence_url: str | None = None,
) -> FlagResult:
    """Record a reviewer's decision on every stored account the target names.

    A post target flags its author. Earlier flags are kept: the newest one is
    the account's current label.
    """
    if label not in flag_rules.LABELS:
        raise FlagError(f"unknown label {label!r}: use one of {', '.join(flag_rules.LABELS)}")
    target = parse_target(target_text)
    with store.session() as session:
        if target.kind == "account" and target.handle:
            found = queries.accounts_by_handle(session, target.handle, target.platform)
        elif target.kind == "post" and target.post_id:
            post = queries.post_by_id(session, target.platform, target.post_id)
            author = queries.account_by_id(session, post.account_id) if post else None
            found = [author] if author else []
        else:
            raise FlagError("flag an account (@handle or profile link) or a post link, not an article")
        if not found:
            raise FlagError(f"{target.label()} is not in the store, so it cannot be flagged")
        ids = []
        for account in found:
            assert account.id is not None
            flag = queries.add_flag(
                session,
                Flag(
                    account_id=account.id,
                    label=label,
                    reason=reason.strip()[:2000],
                    evidence_url=evidence_url,
                    reviewer=reviewer,
                    channel=channel,
                    created_ts=now_ts(),
                ),
            )
            assert flag.id is not None
            ids.append(flag.id)
        return FlagResult(label, [f"{a.platform}:@{a.handle}" for a in found], ids)
