"""`check(target)`: the verdict for a handle, a profile or post link, or an article link.

Reads the last sweep's scores and clusters through storage.queries (indexed
look-ups only, so a check answers in milliseconds on a large store), applies
reviewer flags as they stand now, and explains itself with evidence lines.
"""

from __future__ import annotations

from collections import Counter

import orjson
from sqlmodel import Session

from detection.bursts import Burst, Channel, find_bursts
from detection.flags import apply_flags
from detection.verdict import ClusterSummary, Evidence, FlagNote, Level, Verdict, level_for, plural
from storage import queries, review
from storage.links import Target
from storage.models import Account, Flag, Post

SAMPLE_MEMBERS = 8


def label_of(account: Account) -> str:
    """'platform:@handle'."""
    return f"{account.platform}:@{account.handle}"


def check(session: Session, target: Target) -> Verdict:
    """The verdict for one parsed target."""
    sweep = queries.last_sweep(session)
    fresh = queries.latest_ingest_ts(session)
    if target.kind == "account":
        verdict = _check_handle(session, target)
    elif target.kind == "post":
        verdict = _check_post(session, target)
    else:
        verdict = _check_article(session, target)
    verdict.store_updated_ts = fresh
    if sweep is None and verdict.level is not Level.NOT_IN_STORE:
        verdict.swept = False
        verdict.note = (
            "Not swept yet: the store has not been swept, so nothing is known about "
            "coordination; run `cibwatch sweep`." + (" " + verdict.note if verdict.note else "")
        )
    return verdict


def account_verdict(
    session: Session, account: Account, target_label: str, kind: str = "account"
) -> Verdict:
    """The verdict on one stored account: sweep score, cluster, evidence and flags."""
    assert account.id is not None
    score_row = queries.score_of(session, account.id)
    history = queries.flags_of(session, [account.id])  # newest first: the current decision leads
    current = history[0].label if history else None
    base = score_row.score if score_row else 0.0
    evidence = [Evidence(**e) for e in orjson.loads(score_row.evidence)] if score_row else []
    cluster_id = score_row.cluster_id if score_row else None
    cluster = None
    confirmed: dict[int, int] = {}
    if cluster_id is not None:
        cluster = cluster_summary(session, cluster_id)
        confirmed = review.confirmed_per_cluster(session, [cluster_id])
    flagged = apply_flags(base, current, cluster_id, confirmed)
    sweep = queries.last_sweep(session)
    # Before any sweep, and for posts that arrived after the last, nothing is known yet.
    swept = score_row is not None or (
        sweep is not None
        and sweep.finished_ts is not None  # always set: last_sweep returns finished sweeps
        and not (account.first_ingested_ts and account.first_ingested_ts > sweep.finished_ts)
    )
    note = ""
    if not swept and sweep is not None:
        note = "Not swept yet: this account's posts arrived after the last sweep; the next sweep will score them."
    if not evidence and score_row is None:
        posts = plural(account.post_count, "post")
        evidence.append(
            Evidence(
                kind="network",
                text=(
                    f"{posts} in the store; no repeated co-action with other accounts "
                    "(same texts, links, reposts or hashtags in the same minutes)"
                    if swept
                    else f"{posts} in the store, not swept yet"
                ),
                counts={"posts": account.post_count},
            )
        )
    return Verdict(
        target=target_label,
        kind=kind,
        level=flagged.level,
        score=round(flagged.score, 3),
        accounts=[label_of(account)],
        cluster=cluster,
        evidence=flagged.lines + evidence,
        flags=[_note(f, account) for f in history],
        note=note,
        swept=swept,
    )


def cluster_summary(session: Session, cluster_id: int) -> ClusterSummary | None:
    """Size, platforms, activity span and a sample of members of a cluster."""
    cluster = queries.cluster_by_id(session, cluster_id)
    if cluster is None:
        return None
    platforms: dict[str, int] = {}
    for part in filter(None, cluster.platforms.split(",")):
        name, _, n = part.partition(":")
        platforms[name] = int(n or 0)
    members = queries.cluster_members(session, cluster_id, limit=SAMPLE_MEMBERS)
    return ClusterSummary(
        id=cluster_id,
        size=cluster.size,
        platforms=platforms,
        first_ts=cluster.first_ts,
        last_ts=cluster.last_ts,
        score=cluster.score,
        sample_members=[label_of(a) for a, _ in members],
    )


def _note(flag: Flag, account: Account) -> FlagNote:
    return FlagNote(
        label=flag.label,
        reviewer=flag.reviewer,
        reason=flag.reason,
        created_ts=flag.created_ts,
        account=label_of(account),
    )


def _not_in_store(target: Target, kind: str, note: str) -> Verdict:
    """The verdict on a target the store holds nothing of, with `note` saying what is missing."""
    return Verdict(target=target.label(), kind=kind, level=Level.NOT_IN_STORE, score=0.0, note=note)


def _check_handle(session: Session, target: Target) -> Verdict:
    assert target.handle is not None
    found = queries.accounts_by_handle(session, target.handle, target.platform)
    if not found:
        where = f" on {target.platform}" if target.platform else ""
        return _not_in_store(
            target, "account", f"No posts by @{target.handle}{where} are in the store."
        )
    # The handle as the store spells it ("@PriyaWhite3832"), as the accounts line shows it.
    spelled = {a.handle for a in found}
    label = target.label()
    if len(spelled) == 1:
        label = Target("account", target.platform, spelled.pop(), None, None, target.raw).label()
    verdicts = [account_verdict(session, a, label) for a in found]
    best = max(verdicts, key=lambda v: v.score)
    best.accounts = [a for v in verdicts for a in v.accounts]
    if len(found) > 1:
        best.note = (best.note + " " if best.note else "") + (
            f"@{target.handle} is in the store on {len(found)} platforms; the highest verdict is shown."
        )
    return best


def _check_post(session: Session, target: Target) -> Verdict:
    assert target.post_id is not None
    post = queries.post_by_target(session, target)
    if post is None:
        if target.handle:
            by_author = _check_handle(
                session, Target("account", target.platform, target.handle, None, None, target.raw)
            )
            if by_author.level is not Level.NOT_IN_STORE:
                by_author.target = target.label()
                by_author.kind = "post"
                by_author.note = "This post is not in the store; the verdict is on its author."
                return by_author
        link = f" (link: {target.url})" if target.url else ""
        return _not_in_store(target, "post", f"This post is not in the store{link}.")
    author = queries.account_by_id(session, post.account_id)
    assert author is not None
    verdict = account_verdict(session, author, target.label(), kind="post")
    if post.text_fp:
        copies = queries.posts_with_fingerprint(session, post.text_fp)
        near = [
            (p, a)
            for p, a in copies
            if abs(p.posted_ts - post.posted_ts) <= 600 and a.id != author.id
        ]
        if near:
            accounts = {a.id for _, a in near}
            verdict.evidence.insert(
                0,
                Evidence(
                    kind=str(Channel.TEXT),
                    text=(
                        f"this post's text was posted by {plural(len(accounts), 'other account')} "
                        f"within 10 minutes of it ({plural(len(copies), 'copy', 'copies')} in the "
                        "store in all)"
                    ),
                    weight=0.2,
                    counts={"accounts": len(accounts), "copies": len(copies)},
                    examples=[f"{p.platform}:{p.post_id}" for p, _ in near[:3]],
                ),
            )
    return verdict


def link_bursts(url: str, posts: list[Post]) -> list[Burst]:
    """The bursts of one link among its posts (oldest first), largest first: as an article's card lists them.

    Burst posts and accounts are positions in `posts` (accounts: of each
    account's first post). The pictures draw the first of them.
    """
    first_post: dict[int, int] = {}
    account_pos = [first_post.setdefault(p.account_id, i) for i, p in enumerate(posts)]
    ts = [p.posted_ts for p in posts]
    bursts = find_bursts(Channel.URL, [(url, list(range(len(posts))))], ts, account_pos)
    return sorted(bursts, key=lambda b: len(b.accounts), reverse=True)


def _check_article(session: Session, target: Target) -> Verdict:
    assert target.url is not None
    shared = queries.posts_with_url(session, target.url)
    if not shared:
        return _not_in_store(target, "article", f"No post in the store links to {target.url}.")
    posts = [p for p, _ in shared]
    authors: dict[int, Account] = {}
    for _, author in shared:
        assert author.id is not None  # rows read from the store always have their key
        authors[author.id] = author
    scores = queries.scores_of(session, authors)
    latest = review.current_labels(session, authors)
    bursts = link_bursts(target.url, posts)
    coordinated: dict[int, float] = {}
    cluster_of: dict[int, int] = {}
    for a in authors:
        row = scores.get(a)
        # Each sharer on its own decision: here a cluster's confirmed members lift no one.
        flagged = apply_flags(row.score if row else 0.0, latest.get(a))
        if flagged.level is Level.LIKELY:
            coordinated[a] = flagged.score
            if row and row.cluster_id is not None:
                cluster_of[a] = row.cluster_id
    clusters = Counter(cluster_of.values())
    in_bursts = {posts[p].account_id for b in bursts for p in b.posts}
    pushed_by_cluster = {a for a in in_bursts if a in coordinated}
    evidence = [
        Evidence(
            kind="link",
            text=f"shared in {plural(len(posts), 'post')} by {plural(len(authors), 'account')}",
            counts={"posts": len(posts), "accounts": len(authors)},
            examples=[f"{p.platform}:{p.post_id}" for p in posts[:3]],
        )
    ]
    for burst in bursts[:3]:
        evidence.append(
            Evidence(
                kind=str(Channel.URL),
                text=(
                    f"{len(burst.accounts)} accounts shared it within {burst.end - burst.start} s "
                    f"from {_iso(burst.start)}"
                ),
                weight=0.1,
                counts={"accounts": len(burst.accounts), "seconds": burst.end - burst.start},
                examples=[f"{posts[p].platform}:{posts[p].post_id}" for p in burst.posts[:3]],
            )
        )
    cluster = None
    score = 0.0
    if clusters:
        top, members = clusters.most_common(1)[0]
        cluster = cluster_summary(session, top)
        evidence.insert(
            1,
            Evidence(
                kind="network",
                text=(
                    f"{len(coordinated)} of its sharers "
                    f"{'is a likely coordinated account' if len(coordinated) == 1 else 'are likely coordinated accounts'}, "
                    f"{members} of them in cluster #{top}; {len(pushed_by_cluster)} pushed it in bursts"
                ),
                weight=0.5,
                counts={
                    "coordinated": len(coordinated),
                    "pushed_in_bursts": len(pushed_by_cluster),
                },
            ),
        )
        share = len(coordinated) / len(authors)
        best = max(coordinated.values())
        if pushed_by_cluster and len(pushed_by_cluster) >= 3:
            score = best * (0.85 + 0.15 * min(1.0, share * 2))
        else:
            score = min(0.6, best * 0.6)
    accounts = [
        label_of(authors[a]) for a in sorted(coordinated, key=lambda a: -coordinated[a])[:10]
    ]
    return Verdict(
        target=target.label(),
        kind="article",
        level=level_for(score),
        score=round(score, 3),
        accounts=accounts,
        cluster=cluster,
        evidence=evidence,
    )


def _iso(ts: int) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M:%SZ")
