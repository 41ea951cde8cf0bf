"""Reviewer decisions: recording flags on accounts or whole clusters, and the review queue.

Flags are history: a decision is recorded, never updated or deleted, and the
newest one is the account's current label. Every way in (the Slack form,
`/cib flag`, `/cib unflag`, the demo) ends in `record_flags`,
`record_cluster_flag` or `clear_flag`. The review queue lists suspected
accounts nobody has decided on yet, scored as checks score them.

Two guards keep a decision on the accounts the reviewer meant, once:

- A whole-cluster decision carries the `ClusterIdentity` the reviewer was
  shown (cluster id, the sweep that found it, a digest of its member ids);
  any difference on submit records nothing. Cluster ids are never reused, so
  after a new sweep the old id names nothing rather than another cluster.
- A Slack request carries a `request_key`; a replay of the same request
  (Slack signatures stay valid for 5 minutes) records nothing more.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlmodel import Session

from detection.check import label_of
from detection.flags import LABELS, NEIGHBOUR_MAX, apply_flags
from detection.verdict import SUSPICIOUS_AT, FlagNote, Level, strongest_line
from storage import queries, review
from storage.db import Store, now_ts
from storage.links import TargetError, parse_target
from storage.models import Account, Flag


class FlagError(ValueError):
    """A flag that cannot be recorded (unknown account, bad label); message is user-facing."""


class RepeatedRequest(FlagError):
    """The same request already recorded its decision; nothing more was recorded."""

    def __init__(self) -> None:
        super().__init__("this exact request was already recorded once (it was sent again)")


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


def request_key(*parts: str) -> str:
    """The key of one request that records decisions (e.g. trigger id, user, target, label)."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@dataclass(frozen=True)
class ClusterIdentity:
    """A cluster as a reviewer was shown it: which sweep found it, and exactly who is in it."""

    cluster_id: int
    sweep_id: int | None
    members_digest: str  # of the sorted member ids
    size: int


def _members_digest(member_ids: Iterable[int]) -> str:
    return hashlib.sha256(",".join(str(i) for i in sorted(member_ids)).encode()).hexdigest()[:32]


def _identity(session: Session, cluster_id: int) -> tuple[ClusterIdentity | None, list[int]]:
    """(the cluster's identity, its member ids); (None, []) when there is no such cluster."""
    members = review.cluster_member_ids(session, cluster_id)
    if not members:
        return None, []
    sweep_id = review.cluster_sweep(session, cluster_id)
    return ClusterIdentity(cluster_id, sweep_id, _members_digest(members), len(members)), members


def _accounts_named(
    session: Session, target_text: str, *, clearing: bool = False
) -> tuple[str, list[Account]]:
    """(the target's label, the stored accounts it names): a post names its author.

    `clearing`: the refusals speak of clearing a decision (unflag), not of flagging.
    """
    verb = "unflag" if clearing else "flag"
    target = parse_target(target_text)
    if target.kind == "account" and target.handle:
        found = queries.accounts_by_handle(session, target.handle, target.platform)
    elif target.kind == "post" and target.post_id:
        post = queries.post_by_id(session, target.platform, target.post_id)
        author = queries.account_by_id(session, post.account_id) if post else None
        found = [author] if author else []
    else:
        raise FlagError(f"{verb} an account (@handle or profile link) or a post link, not an article")
    if not found:
        consequence = "it has no flag to clear" if clearing else "it cannot be flagged"
        raise FlagError(f"{target.label()} is not in the store, so {consequence}")
    return target.label(), found


def _check_label(label: str) -> None:
    if label not in LABELS:
        raise FlagError(f"unknown label {label!r}: use one of {', '.join(LABELS)}")


def _checked_evidence_url(url: str | None) -> str | None:
    url = (url or "").strip()
    if not url:
        return None
    if not url.lower().startswith(("http://", "https://")) or len(url) > 2048:
        raise FlagError("the evidence link must be an http(s) address of at most 2,048 characters")
    return url


@dataclass(frozen=True)
class _Decision:
    """What a reviewer decided, as every Flag row of one request records it."""

    label: str
    reviewer: str
    reason: str
    channel: str | None
    evidence_url: str | None


def _record(
    store: Store,
    decision: _Decision,
    request_key: str | None,
    accounts: Callable[[Session], tuple[list[int], list[str]]],
) -> FlagResult:
    """Record `decision` on the accounts `accounts(session)` finds, in one transaction.

    The request's key is claimed first, so a replay records nothing more
    (RepeatedRequest); `accounts` returns (account ids, their platform:@handle
    labels) or raises FlagError, and then nothing is recorded, the claim
    included.
    """
    with store.session() as session:
        if request_key is not None and not review.claim_flag_request(
            session, request_key, now_ts()
        ):
            raise RepeatedRequest()
        account_ids, labels = accounts(session)
        evidence_url = _checked_evidence_url(decision.evidence_url)
        at = now_ts()
        flags = review.add_flags(
            session,
            [
                Flag(
                    account_id=account_id,
                    label=decision.label,
                    reason=decision.reason.strip()[:MAX_REASON],
                    evidence_url=evidence_url,
                    reviewer=decision.reviewer[:64],
                    channel=decision.channel[:64] if decision.channel else None,
                    created_ts=at,
                )
                for account_id in account_ids
            ],
        )
        return FlagResult(decision.label, labels, [f.id for f in flags if f.id is not None])


def record_flag(
    store: Store,
    target_text: str,
    label: str,
    reviewer: str,
    reason: str = "",
    *,
    channel: str | None = None,
    evidence_url: str | None = None,
    request_key: str | None = None,
) -> FlagResult:
    """Record a reviewer's decision on every stored account the target names.

    A post target flags its author. Earlier flags are kept: the newest one is
    the account's current label.
    """
    return record_flags(
        store,
        [target_text],
        label,
        reviewer,
        reason,
        channel=channel,
        evidence_url=evidence_url,
        request_key=request_key,
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
    request_key: str | None = None,
) -> FlagResult:
    """Record one decision on the accounts several targets name, in one transaction.

    Raises FlagError (nothing recorded) when any target names no stored account,
    RepeatedRequest when `request_key` already recorded its decision.
    """
    _check_label(label)
    if not target_texts:
        raise FlagError("choose at least one account to flag")

    def named(session: Session) -> tuple[list[int], list[str]]:
        found: dict[int, Account] = {}
        for text in target_texts:
            for account in _accounts_named(session, text)[1]:
                assert account.id is not None
                found.setdefault(account.id, account)
        return list(found), [label_of(a) for a in found.values()]

    decision = _Decision(
        label=label, reviewer=reviewer, reason=reason, channel=channel, evidence_url=evidence_url
    )
    return _record(store, decision, request_key, named)


def accounts_to_flag(store: Store, target_texts: list[str]) -> tuple[list[str], list[str]]:
    """(stored accounts these targets name, as platform:@handle; the targets naming none).

    Posts name their authors; articles and unreadable targets name none.
    """
    found: list[str] = []
    missing: list[str] = []
    with store.session() as session:
        for text in target_texts:
            try:
                labels = [label_of(a) for a in _accounts_named(session, text)[1]]
            except (FlagError, TargetError):
                missing.append(text)
                continue
            found.extend(label for label in labels if label not in found)
    return found, missing


def clear_flag(
    store: Store,
    target_text: str,
    reviewer: str,
    reason: str = "",
    *,
    channel: str | None = None,
    request_key: str | None = None,
) -> FlagResult:
    """Unflag: record "cleared" on each account the target names that has a decision now.

    Nothing is deleted: the earlier decisions stay in the history, and the
    account counts as unreviewed again. Raises FlagError when none of the
    accounts has a decision to clear, RepeatedRequest for a replayed request.
    """

    def decided(session: Session) -> tuple[list[int], list[str]]:
        label, found = _accounts_named(session, target_text, clearing=True)
        current = review.current_labels(session, [a.id for a in found if a.id is not None])
        with_decision = [a for a in found if current.get(a.id or 0, "cleared") != "cleared"]
        if not with_decision:
            raise FlagError(f"{label} has no flag to clear")
        ids = [a.id for a in with_decision if a.id is not None]
        return ids, [label_of(a) for a in with_decision]

    decision = _Decision(
        label="cleared", reviewer=reviewer, reason=reason, channel=channel, evidence_url=None
    )
    return _record(store, decision, request_key, decided)


def cluster_identity(store: Store, cluster_id: int) -> ClusterIdentity | None:
    """The identity of a cluster of the last sweep, for a whole-cluster form (None: no such cluster)."""
    with store.session() as session:
        return _identity(session, cluster_id)[0]


def record_cluster_flag(
    store: Store,
    expected: ClusterIdentity,
    label: str,
    reviewer: str,
    reason: str = "",
    *,
    channel: str | None = None,
    evidence_url: str | None = None,
    request_key: str | None = None,
) -> FlagResult:
    """Record one decision on every member of the cluster the reviewer confirmed.

    `expected` is the cluster as the reviewer was shown it. When it is gone,
    or was found by another sweep, or its members differ in any way, nothing
    is recorded and FlagError says so: one decision never covers other
    accounts than those confirmed.
    """
    cluster_id = expected.cluster_id
    _check_label(label)

    def confirmed(session: Session) -> tuple[list[int], list[str]]:
        now, members = _identity(session, cluster_id)
        if now is None:
            raise FlagError(
                f"cluster #{cluster_id} is gone: a new sweep ran since the form was opened; "
                "check again and flag the cluster on the new card"
            )
        if now.size != expected.size:
            raise FlagError(
                f"cluster #{cluster_id} changed since you confirmed {expected.size} accounts "
                f"(it has {now.size} now, after a new sweep); check again"
            )
        if now != expected:
            raise FlagError(
                f"cluster #{cluster_id} is not the one you confirmed (a new sweep ran, or its "
                "members changed); check again"
            )
        if now.size > MAX_CLUSTER_FLAG:
            raise FlagError(
                f"cluster #{cluster_id} has {now.size} accounts, more than the "
                f"{MAX_CLUSTER_FLAG:,} one decision may cover; flag accounts one by one"
            )
        return members, [label_of(a) for a, _ in review.accounts_with_scores(session, members)]

    decision = _Decision(
        label=label, reviewer=reviewer, reason=reason, channel=channel, evidence_url=evidence_url
    )
    return _record(store, decision, request_key, confirmed)


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
    floor = SUSPICIOUS_AT - NEIGHBOUR_MAX  # confirmed neighbours may lift them in
    with store.session() as session:
        confirmed = review.confirmed_per_cluster(session)
        candidates = review.unreviewed_suspects(session, floor, limit=max(limit * 20, 200))
    items = []
    for account, row in candidates:
        flagged = apply_flags(row.score, None, row.cluster_id, confirmed)
        if flagged.level.rank >= Level.SUSPICIOUS.rank:
            items.append(
                QueueItem(
                    label_of(account),
                    round(flagged.score, 3),
                    flagged.level,
                    row.cluster_id,
                    strongest_line(row.evidence),
                )
            )
    items.sort(key=lambda item: (-item.score, item.account))
    return items[:limit]


def recent_decisions(store: Store, limit: int = 10) -> list[FlagNote]:
    """The team's newest decisions, newest first."""
    with store.session() as session:
        return [
            FlagNote(f.label, f.reviewer, f.reason, f.created_ts, label_of(a))
            for f, a in review.recent_flags(session, limit)
        ]
