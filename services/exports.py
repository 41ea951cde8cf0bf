"""Exports: a cluster's accounts and their posts as CSV, for reports and takedown requests.

"Export CSV" on a card and `/cib export TARGET` share the file this builds;
scores and verdicts in it are flags-applied, as in checks. Every text cell
is defused for spreadsheets (services.spreadsheet).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from detection.check import check
from detection.flags import apply_flags
from services.spreadsheet import csv_writer
from storage import queries, review
from storage.db import Store
from storage.links import parse_target
from storage.models import Post

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
                for a in queries.accounts_by_label(session, label)
                if a.id is not None
            ]
        if not member_ids:
            raise ExportError(f"{verdict.target} has no accounts in the store to export")
        members = review.accounts_with_scores(session, member_ids)
        flags = review.current_flags(session, member_ids)
        confirmed = review.confirmed_per_cluster(session)
        per_account = max(1, min(EXPORT_POSTS_PER_ACCOUNT, EXPORT_MAX_POSTS // len(members)))
        posts: dict[int, list[Post]] = {}
        for post in review.recent_posts_of(session, member_ids, per_account):
            posts.setdefault(post.account_id, []).append(post)
        urls = review.urls_of_posts(session, [p for ps in posts.values() for p in ps])
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    rows = 0
    for account, row in members:
        assert account.id is not None
        flag = flags.get(account.id)
        own = flag.label if flag else None
        cluster_id = row.cluster_id if row else None
        flagged = apply_flags(row.score if row else 0.0, own, cluster_id, confirmed)
        account_cells = [
            cluster_id if cluster_id is not None else "",
            account.platform,
            account.handle,
            account.author_id or "",
            _iso(account.created_ts),
            Decimal(f"{flagged.score:.3f}"),
            str(flagged.level),
            own or "",
            flag.reviewer if flag else "",
            flag.reason if flag else "",
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
                    post.text or "",
                    " ".join(urls.get(post.id or 0, [])),
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


def _iso(ts: int | None) -> str:
    if ts is None:
        return ""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
