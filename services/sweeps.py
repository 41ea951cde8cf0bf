"""Services shared by the CLI, the Slack handlers and the scheduler.

Each service composes storage and detection for one user-level action:
sweep the store, check a target, record or clear a flag (one account or a
whole cluster), list the review queue, export a cluster. No rules live here.
"""

from __future__ import annotations

import csv
import io
import logging
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import orjson
from sqlalchemy import Connection
from sqlmodel import Session

from bot.resolver import LinkResolver, resolve_target
from detection import flags as flag_rules
from detection.check import check
from detection.incremental import SweepPlan, plan_sweep
from detection.sweep import SUSPICIOUS_AT, DetectionConfig, level_for
from detection.verdict import FlagNote, Level, Verdict
from storage import queries, review, sweepstate
from storage.db import Store, now_ts
from storage.links import TargetError, parse_target
from storage.models import Account, Flag, Post

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
    new_posts: int = 0  # posts swept for the first time
    from_scratch: bool = False
    redone_keys: int = 0  # keys whose bursts were found again
    seconds: dict[str, float] = field(default_factory=dict)  # per stage


def run_sweep(
    store: Store, config: DetectionConfig | None = None, *, force: bool = False
) -> SweepSummary:
    """Sweep the posts that arrived since the last sweep (all posts with `force`) and store the results.

    Results and the sweep's kept state are stored in one transaction. When
    another sweep stores first, this one's results are dropped and the summary
    says it was skipped.
    """
    config = config or DetectionConfig()
    started = now_ts()
    with store.engine.connect() as conn:
        plan = plan_sweep(conn, config, force=force)
    if plan is None:
        with store.session() as session:
            previous = queries.last_sweep(session)
        return SweepSummary(
            previous.accounts if previous else 0, 0, 0, previous.clusters if previous else 0, 0, 0, skipped=True
        )
    try:
        write_started = time.perf_counter()
        _store_result(store, plan, started)
        plan.seconds["store"] = round(time.perf_counter() - write_started, 2)
    except SweepConflict:
        log.info("sweep dropped: another sweep stored its results first")
        return SweepSummary(len(plan.accounts), 0, 0, len(plan.result.clusters), 0, 0, skipped=True)
    log.info(
        "swept %s new posts (%s): %s",
        plan.new_posts,
        "from scratch" if plan.from_scratch else "incremental",
        ", ".join(f"{stage} {s:.1f} s" for stage, s in plan.seconds.items()),
    )
    levels = [r.level for r in plan.result.accounts.values()]
    return SweepSummary(
        accounts=len(plan.accounts),
        posts=plan.state.posts,
        bursts=plan.result.bursts,
        clusters=len(plan.result.clusters),
        likely=levels.count(Level.LIKELY),
        suspicious=levels.count(Level.SUSPICIOUS),
        new_posts=plan.new_posts,
        from_scratch=plan.from_scratch,
        redone_keys=plan.redone_keys,
        seconds=plan.seconds,
    )


class SweepConflict(Exception):
    """Another sweep stored its state first; this one's work is dropped."""


def _store_plan(conn: Connection, plan: SweepPlan) -> None:
    """Write the sweep's kept state in the caller's transaction (the results go beside it)."""
    if not sweepstate.claim_state(conn, plan.previous, plan.state):
        raise SweepConflict("another sweep finished first; its results stand")
    if plan.from_scratch:
        sweepstate.clear_state(conn)
    sweepstate.write_groups(conn, plan.groups, plan.cores, plan.bands, plan.merged)
    sweepstate.write_tag_users(conn, plan.tag_users)
    sweepstate.replace_keys(conn, plan.drop_keys, plan.keys)


def _store_result(store: Store, plan: SweepPlan, started: int) -> None:
    result, account_ids = plan.result, plan.accounts.ids
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
        _store_plan(session.connection(), plan)
        queries.replace_sweep_results(
            session,
            clusters,
            scores,
            started_ts=started,
            finished_ts=now_ts(),
            max_pk=result.max_post_pk,
        )


def flagged_score(
    base: float, own_label: str | None, confirmed_neighbours: int
) -> tuple[float, Level]:
    """An account's score and level with reviewer flags applied, as `cibwatch check` shows them."""
    value, _ = flag_rules.adjust(base, own_label, confirmed_neighbours)
    return value, Level.NONE if own_label == "benign" else level_for(value)


def _confirmed_neighbours(
    counts: dict[int, int], cluster_id: int | None, own_label: str | None
) -> int:
    """Confirmed members of the account's cluster other than the account itself."""
    if cluster_id is None:
        return 0
    return counts.get(cluster_id, 0) - (1 if own_label == "coordinated" else 0)


def write_sweep_csv(store: Store, path: Path) -> int:
    """Write one row per account (DESIGN.md's sweep CSV), flags applied; returns the row count.

    Flags count as in `cibwatch check`: the account's own newest flag, and the
    lift from confirmed members of its cluster, so the CSV and checks agree.
    """
    rows = 0
    with store.session() as session, open(path, "w", newline="", encoding="utf-8") as handle:
        latest = {a: f.label for a, f in queries.latest_flags(session).items()}
        confirmed = review.confirmed_per_cluster(session)
        writer = csv.writer(handle)
        writer.writerow(SWEEP_CSV_COLUMNS)
        for account, score in queries.iter_accounts_with_scores(session):
            assert account.id is not None
            own = latest.get(account.id)
            cluster_id = score.cluster_id if score else None
            neighbours = _confirmed_neighbours(confirmed, cluster_id, own)
            value, level = flagged_score(score.score if score else 0.0, own, neighbours)
            writer.writerow(
                (
                    account.platform,
                    account.handle,
                    account.author_id or "",
                    f"{value:.3f}",
                    str(level),
                    cluster_id if cluster_id is not None else "",
                )
            )
            rows += 1
    return rows


def check_target(store: Store, text: str, *, resolver: LinkResolver | None = None) -> Verdict:
    """Parse what the user typed and check it (raises TargetError on bad input).

    With a `resolver`, article and short links are resolved first and the URL
    they lead to is checked; the verdict's note says where the link led, or
    why it could not be resolved. Without one, nothing is fetched.
    """
    target = parse_target(text)
    link_note = ""
    if resolver is not None:
        target, link_note = resolve_target(resolver, target)
    with store.session() as session:
        verdict = check(session, target)
    if link_note:
        verdict.note = f"{link_note} {verdict.note}".strip()
    return verdict


class FlagError(ValueError):
    """A flag that cannot be recorded (unknown account, bad label); message is user-facing."""


@dataclass
class FlagResult:
    """A recorded decision and the accounts it applied to."""

    label: str
    accounts: list[str]
    flag_ids: list[int]


#: Longest reason kept with a flag (characters).
MAX_REASON = 2000
#: A whole-cluster flag refuses clusters larger than this (ask for a narrower decision).
MAX_CLUSTER_FLAG = 10_000


def _account_label(account: Account) -> str:
    return f"{account.platform}:@{account.handle}"


def _accounts_named(session: Session, target_text: str) -> tuple[str, list[Account]]:
    """(the target's label, the stored accounts it names): a post names its author."""
    target = parse_target(target_text)
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
    return target.label(), found


def _checked_evidence_url(url: str | None) -> str | None:
    url = (url or "").strip()
    if not url:
        return None
    if not url.lower().startswith(("http://", "https://")) or len(url) > 2048:
        raise FlagError("the evidence link must be an http(s) address of at most 2,048 characters")
    return url


def _new_flags(
    session: Session,
    account_ids: list[int],
    label: str,
    reviewer: str,
    reason: str,
    channel: str | None,
    evidence_url: str | None,
) -> list[int]:
    if label not in flag_rules.LABELS:
        raise FlagError(f"unknown label {label!r}: use one of {', '.join(flag_rules.LABELS)}")
    at = now_ts()
    flags = review.add_flags(
        session,
        [
            Flag(
                account_id=account_id,
                label=label,
                reason=reason.strip()[:MAX_REASON],
                evidence_url=_checked_evidence_url(evidence_url),
                reviewer=reviewer[:64],
                channel=channel[:64] if channel else None,
                created_ts=at,
            )
            for account_id in account_ids
        ],
    )
    return [f.id for f in flags if f.id is not None]


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
    return record_flags(
        store, [target_text], label, reviewer, reason, channel=channel, evidence_url=evidence_url
    )


def record_flags(
    store: Store,
    target_texts: list[str],
    label: str,
    reviewer: str,
    reason: str = "",
    *,
    channel: str | None = None,
    evidence_url: str | None = None,
) -> FlagResult:
    """Record one decision on the accounts several targets name, in one transaction.

    Raises FlagError (nothing recorded) when any target names no stored account.
    """
    if label not in flag_rules.LABELS:
        raise FlagError(f"unknown label {label!r}: use one of {', '.join(flag_rules.LABELS)}")
    if not target_texts:
        raise FlagError("choose at least one account to flag")
    with store.session() as session:
        found: dict[int, Account] = {}
        for text in target_texts:
            for account in _accounts_named(session, text)[1]:
                assert account.id is not None
                found.setdefault(account.id, account)
        ids = list(found)
        flag_ids = _new_flags(session, ids, label, reviewer, reason, channel, evidence_url)
        return FlagResult(label, [_account_label(a) for a in found.values()], flag_ids)


def accounts_to_flag(store: Store, target_texts: list[str]) -> tuple[list[str], list[str]]:
    """(stored accounts these targets name, as platform:@handle; the targets naming none).

    Posts name their authors; articles and unreadable targets name none.
    """
    found: list[str] = []
    missing: list[str] = []
    with store.session() as session:
        for text in target_texts:
            try:
                labels = [_account_label(a) for a in _accounts_named(session, text)[1]]
            except (FlagError, TargetError):
                missing.append(text)
                continue
            found.extend(label for label in labels if label not in found)
    return found, missing


def clear_flag(
    store: Store, target_text: str, reviewer: str, reason: str = "", *, channel: str | None = None
) -> FlagResult:
    """Unflag: record "cleared" on each account the target names that has a decision now.

    Nothing is deleted: the earlier decisions stay in the history, and the
    account counts as unreviewed again. Raises FlagError when none of the
    accounts has a decision to clear.
    """
    with store.session() as session:
        label, found = _accounts_named(session, target_text)
        current = review.current_labels(session, [a.id for a in found if a.id is not None])
        decided = [a for a in found if current.get(a.id or 0, "cleared") != "cleared"]
        if not decided:
            raise FlagError(f"{label} has no flag to clear")
        ids = [a.id for a in decided if a.id is not None]
        flag_ids = _new_flags(session, ids, "cleared", reviewer, reason, channel, None)
        return FlagResult("cleared", [_account_label(a) for a in decided], flag_ids)


def cluster_size(store: Store, cluster_id: int) -> int:
    """How many accounts a whole-cluster flag on `cluster_id` would record (0: no such cluster)."""
    with store.session() as session:
        return len(review.cluster_member_ids(session, cluster_id))


def record_cluster_flag(
    store: Store,
    cluster_id: int,
    label: str,
    reviewer: str,
    reason: str = "",
    *,
    channel: str | None = None,
    evidence_url: str | None = None,
    expected_size: int | None = None,
) -> FlagResult:
    """Record one decision on every member of a cluster of the last sweep.

    `expected_size` is the member count the reviewer confirmed; when a sweep
    has changed the cluster since (cluster ids are renumbered by each sweep),
    nothing is recorded and FlagError says so.
    """
    with store.session() as session:
        members = review.cluster_member_ids(session, cluster_id)
        if not members:
            raise FlagError(f"cluster #{cluster_id} is gone: a new sweep ran; check again")
        if expected_size is not None and len(members) != expected_size:
            raise FlagError(
                f"cluster #{cluster_id} changed since you confirmed {expected_size} accounts "
                f"(it has {len(members)} now, after a new sweep); check again"
            )
        if len(members) > MAX_CLUSTER_FLAG:
            raise FlagError(
                f"cluster #{cluster_id} has {len(members)} accounts, more than the "
                f"{MAX_CLUSTER_FLAG:,} one decision may cover; flag accounts one by one"
            )
        flag_ids = _new_flags(session, members, label, reviewer, reason, channel, evidence_url)
        accounts = [_account_label(a) for a, _ in review.accounts_with_scores(session, members)]
        return FlagResult(label, accounts, flag_ids)


# ---------------------------------------------------------------------------
# The review queue and the team's decisions (the App Home)
# ---------------------------------------------------------------------------


@dataclass
class QueueItem:
    """A suspected account nobody has decided on yet."""

    account: str  # platform:@handle
    score: float  # flags of its cluster applied
    level: Level
    cluster_id: int | None
    evidence: str  # its strongest evidence line


def review_queue(store: Store, limit: int = 15) -> list[QueueItem]:
    """Suspected accounts with no current decision, highest score (flags applied) first."""
    floor = SUSPICIOUS_AT - flag_rules.NEIGHBOUR_MAX  # confirmed neighbours may lift them in
    with store.session() as session:
        confirmed = review.confirmed_per_cluster(session)
        candidates = review.unreviewed_suspects(session, floor, limit=max(limit * 20, 200))
    items = []
    for account, row in candidates:
        score, level = flagged_score(row.score, None, confirmed.get(row.cluster_id or -1, 0))
        if level.rank >= Level.SUSPICIOUS.rank:
            items.append(
                QueueItem(
                    _account_label(account),
                    round(score, 3),
                    level,
                    row.cluster_id,
                    _strongest_line(row.evidence),
                )
            )
    items.sort(key=lambda item: (-item.score, item.account))
    return items[:limit]


def _strongest_line(evidence_json: str) -> str:
    lines = orjson.loads(evidence_json or "[]")
    if not lines:
        return ""
    return str(max(lines, key=lambda e: e.get("weight", 0)).get("text", ""))


def recent_decisions(store: Store, limit: int = 10) -> list[FlagNote]:
    """The team's newest decisions, newest first."""
    with store.session() as session:
        return [
            FlagNote(f.label, f.reviewer, f.reason, f.created_ts, _account_label(a))
            for f, a in review.recent_flags(session, limit)
        ]


# ---------------------------------------------------------------------------
# Exports: a cluster's accounts and their posts as CSV, for reports and takedowns
# ---------------------------------------------------------------------------

EXPORT_COLUMNS = (
    "cluster_id",
    "platform",
    "author_handle",
    "author_id",
    "account_created_at",
    "score",
    "verdict",
    "flag",
    "flagged_by",
    "flag_reason",
    "flag_evidence_url",
    "post_id",
    "posted_at",
    "text",
    "urls",
    "reply_to_post_id",
    "repost_of_post_id",
)
#: Newest posts exported per account, and at most this many post rows in all.
EXPORT_POSTS_PER_ACCOUNT = 50
EXPORT_MAX_POSTS = 50_000
#: A spreadsheet would run these as formulas; such cells get a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportError(ValueError):
    """Nothing can be exported for that target; message is user-facing."""


@dataclass
class ClusterExport:
    """A CSV ready to upload, and what it holds."""

    filename: str
    title: str
    content: bytes
    target: str
    cluster_id: int | None
    accounts: int
    posts: int
    posts_per_account: int


def export_accounts(store: Store, target_text: str) -> ClusterExport:
    """The CSV of the target's cluster (or, without one, its accounts): one row per post.

    Every member appears, with its score and verdict (flags applied as in
    checks) and its current flag; each is followed by its newest posts, up to
    EXPORT_POSTS_PER_ACCOUNT (fewer when the cluster is large, to stay under
    EXPORT_MAX_POSTS). Raises TargetError or ExportError.
    """
    target = parse_target(target_text)
    with store.session() as session:
        verdict = check(session, target)
        if verdict.cluster is not None:
            member_ids = review.cluster_member_ids(session, verdict.cluster.id)
        else:
            member_ids = [
                a.id
                for label in verdict.accounts
                for a in _accounts_by_label(session, label)
                if a.id is not None
            ]
        if not member_ids:
            raise ExportError(f"{verdict.target} has no accounts in the store to export")
        members = review.accounts_with_scores(session, member_ids)
        flags = {f.account_id: f for f in queries.flags_of(session, member_ids)[::-1]}
        confirmed = review.confirmed_per_cluster(session)
        per_account = max(1, min(EXPORT_POSTS_PER_ACCOUNT, EXPORT_MAX_POSTS // len(members)))
        posts: dict[int, list[Post]] = {}
        for post in review.recent_posts_of(session, member_ids, per_account):
            posts.setdefault(post.account_id, []).append(post)
        urls = review.urls_of_posts(session, [p for ps in posts.values() for p in ps])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    rows = 0
    for account, row in members:
        assert account.id is not None
        flag = flags.get(account.id)
        own = flag.label if flag else None
        cluster_id = row.cluster_id if row else None
        score, level = flagged_score(
            row.score if row else 0.0, own, _confirmed_neighbours(confirmed, cluster_id, own)
        )
        account_cells = [
            cluster_id if cluster_id is not None else "",
            account.platform,
            account.handle,
            account.author_id or "",
            _iso(account.created_ts),
            f"{score:.3f}",
            str(level),
            own or "",
            flag.reviewer if flag else "",
            _safe_cell(flag.reason) if flag else "",
            flag.evidence_url or "" if flag else "",
        ]
        if not posts.get(account.id):  # every member gets a row, even without posts
            writer.writerow(account_cells + [""] * 6)
        for post in posts.get(account.id, []):
            writer.writerow(
                account_cells
                + [
                    post.post_id,
                    _iso(post.posted_ts),
                    _safe_cell(post.text or ""),
                    _safe_cell(" ".join(urls.get(post.id or 0, []))),
                    post.reply_to_post_id or "",
                    post.repost_of_post_id or "",
                ]
            )
            rows += 1
    cluster_id = verdict.cluster.id if verdict.cluster else None
    what = f"cluster-{cluster_id}" if cluster_id is not None else "accounts"
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
    return ClusterExport(
        filename=f"cibwatch-{what}-{stamp}.csv",
        title=f"cibwatch export: {'cluster #' + str(cluster_id) if cluster_id else verdict.target}",
        # A byte-order mark, so spreadsheets read non-Latin text (Chinese, Russian) as UTF-8.
        content=buffer.getvalue().encode("utf-8-sig"),
        target=verdict.target,
        cluster_id=cluster_id,
        accounts=len(members),
        posts=rows,
        posts_per_account=per_account,
    )


def _accounts_by_label(session: Session, label: str) -> list[Account]:
    platform, _, handle = label.partition(":@")
    return queries.accounts_by_handle(session, handle, platform or None)


def _iso(ts: int | None) -> str:
    if ts is None:
        return ""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _safe_cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text
