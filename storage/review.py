"""Reads and writes of the review flow: flags in bulk, current decisions, the review queue, exports.

Flags are history: this module only ever inserts Flag rows. An account's
*current* decision is its newest flag (by `created_ts`, then `id`); it is
read in one place, `_current_flags`, a window function so SQLite and
PostgreSQL agree, and every reader of current labels (digests, the sweep
CSV, exports, the review queue, pictures, the sharers and cluster neighbours
of a check) goes through it. A check of one account reads its whole history
anyway (`queries.flags_of`, newest first, in the same order) and takes its head.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Select, func, select
from sqlmodel import Session, col

from storage.db import insert_new
from storage.models import Account, AccountScore, Cluster, Flag, FlagRequest, Post, PostUrl

#: Rows per IN (...) list, comfortably under SQLite's and PostgreSQL's limits.
CHUNK = 500


def _current_flags() -> Select:
    """(id, account_id, label) of every flagged account's newest flag, as a subquery source."""
    ranked = select(
        col(Flag.id),
        col(Flag.account_id),
        col(Flag.label),
        func.row_number()
        .over(
            partition_by=col(Flag.account_id),
            order_by=(col(Flag.created_ts).desc(), col(Flag.id).desc()),
        )
        .label("rank"),
    ).subquery("ranked_flags")
    return select(ranked.c.id, ranked.c.account_id, ranked.c.label).where(ranked.c.rank == 1)


def current_flags(session: Session, account_ids: Iterable[int] | None = None) -> dict[int, Flag]:
    """The current decision (newest flag) of each of these accounts that has one; None: of all."""
    current = _current_flags().subquery("current_flags")
    query = select(Flag).join(current, current.c.id == col(Flag.id))
    if account_ids is None:
        return {flag.account_id: flag for flag in session.scalars(query)}
    ids = sorted(set(account_ids))
    found: dict[int, Flag] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = query.where(current.c.account_id.in_(ids[start : start + CHUNK]))
        found.update({flag.account_id: flag for flag in session.scalars(chunk)})
    return found


def current_labels(session: Session, account_ids: Iterable[int] | None = None) -> dict[int, str]:
    """The current label of each of these accounts that has a flag; None: of every flagged account."""
    return {account_id: f.label for account_id, f in current_flags(session, account_ids).items()}


def confirmed_per_cluster(
    session: Session, cluster_ids: Iterable[int] | None = None
) -> dict[int, int]:
    """How many members of each cluster are currently labelled coordinated (clusters with any).

    All clusters, or only `cluster_ids`.
    """
    current = _current_flags().subquery("current_flags")
    query = (
        select(col(AccountScore.cluster_id), func.count())
        .join(current, current.c.account_id == col(AccountScore.account_id))
        .where(current.c.label == "coordinated", col(AccountScore.cluster_id).is_not(None))
        .group_by(col(AccountScore.cluster_id))
    )
    if cluster_ids is not None:
        query = query.where(col(AccountScore.cluster_id).in_(sorted(set(cluster_ids))))
    return {int(cluster_id): int(n) for cluster_id, n in session.execute(query)}


def cluster_member_ids(session: Session, cluster_id: int) -> list[int]:
    """Store ids of every member of a cluster of the last sweep."""
    query = select(col(AccountScore.account_id)).where(col(AccountScore.cluster_id) == cluster_id)
    return sorted(session.scalars(query))


def cluster_sweep(session: Session, cluster_id: int) -> int | None:
    """The id of the sweep that found a cluster (None: no such cluster, or found before it was kept)."""
    cluster = session.get(Cluster, cluster_id)
    return cluster.sweep_id if cluster else None


def cluster_of(session: Session, account_id: int) -> int | None:
    """The cluster an account belongs to in the last sweep, if any."""
    row = session.get(AccountScore, account_id)
    return row.cluster_id if row else None


def claim_flag_request(session: Session, key: str, now: int) -> bool:
    """Record that the request `key` is recording decisions; False when it already did.

    One INSERT ... ON CONFLICT DO NOTHING in the caller's transaction, before
    the flags: a replay of the request, racing or later, on any replica,
    finds the key taken and records nothing, and if the flags are rolled back
    the claim goes with them.
    """
    claim = {"key": key[:64], "created_ts": now}
    return insert_new(session, FlagRequest, ["key"], claim) is not None


def add_flags(session: Session, flags: Sequence[Flag]) -> list[Flag]:
    """Record several decisions in the caller's transaction (never replaces earlier ones)."""
    session.add_all(flags)
    session.flush()
    return list(flags)


def recent_flags(session: Session, limit: int = 10) -> list[tuple[Flag, Account]]:
    """The team's newest decisions, newest first, with the account each is about."""
    query = (
        select(Flag, Account)
        .join(Account, col(Account.id) == col(Flag.account_id))
        .order_by(col(Flag.created_ts).desc(), col(Flag.id).desc())
        .limit(limit)
    )
    return [(flag, account) for flag, account in session.execute(query)]


def unreviewed_suspects(
    session: Session, min_score: float, limit: int
) -> list[tuple[Account, AccountScore]]:
    """Accounts scored at least `min_score` with no current decision, highest score first.

    "No current decision" means never flagged, or flagged and then cleared.
    """
    current = _current_flags().subquery("current_flags")
    decided = select(current.c.account_id).where(current.c.label != "cleared")
    query = (
        select(Account, AccountScore)
        .join(AccountScore, col(AccountScore.account_id) == col(Account.id))
        .where(col(AccountScore.score) >= min_score)
        .where(col(AccountScore.account_id).not_in(decided))
        .order_by(col(AccountScore.score).desc(), col(Account.platform), col(Account.handle))
        .limit(limit)
    )
    return [(account, score) for account, score in session.execute(query)]


def accounts_with_scores(
    session: Session, account_ids: Iterable[int]
) -> list[tuple[Account, AccountScore | None]]:
    """These accounts with their score rows, highest score first, then by handle."""
    ids = sorted(set(account_ids))
    rows: list[tuple[Account, AccountScore | None]] = []
    for start in range(0, len(ids), CHUNK):
        query = (
            select(Account, AccountScore)
            .outerjoin(AccountScore, col(AccountScore.account_id) == col(Account.id))
            .where(col(Account.id).in_(ids[start : start + CHUNK]))
        )
        rows.extend((account, score) for account, score in session.execute(query))
    rows.sort(key=lambda r: (-(r[1].score if r[1] else 0.0), r[0].platform, r[0].handle))
    return rows


def recent_posts_of(session: Session, account_ids: Iterable[int], per_account: int) -> list[Post]:
    """Up to `per_account` newest posts of each of these accounts, by account then newest first."""
    ids = sorted(set(account_ids))
    posts: list[Post] = []
    for start in range(0, len(ids), CHUNK):
        ranked = (
            select(
                col(Post.id),
                func.row_number()
                .over(
                    partition_by=col(Post.account_id),
                    order_by=(col(Post.posted_ts).desc(), col(Post.id).desc()),
                )
                .label("rank"),
            )
            .where(col(Post.account_id).in_(ids[start : start + CHUNK]))
            .subquery("ranked_posts")
        )
        query = (
            select(Post)
            .join(ranked, ranked.c.id == col(Post.id))
            .where(ranked.c.rank <= per_account)
            .order_by(col(Post.account_id), col(Post.posted_ts).desc(), col(Post.id).desc())
        )
        posts.extend(session.scalars(query))
    return posts


def urls_of_posts(session: Session, posts: Sequence[Post]) -> dict[int, list[str]]:
    """The canonical URLs each of these posts carries.

    PostUrl is keyed by URL first (for "who shared this link"), so looking up
    by post is a scan: it is done once per CHUNK accounts, not per post.
    """
    wanted = {p.id for p in posts}
    accounts = sorted({p.account_id for p in posts})
    urls: dict[int, list[str]] = {}
    for start in range(0, len(accounts), CHUNK):
        query = (
            select(col(PostUrl.post_pk), col(PostUrl.url))
            .join(Post, col(Post.id) == col(PostUrl.post_pk))
            .where(col(Post.account_id).in_(accounts[start : start + CHUNK]))
            .order_by(col(PostUrl.post_pk), col(PostUrl.url))
        )
        for pk, url in session.execute(query):
            if pk in wanted:
                urls.setdefault(pk, []).append(url)
    return urls
