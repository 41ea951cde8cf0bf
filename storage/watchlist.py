"""Reads and writes of the watchlist: imported sources of published indicators, and look-ups.

Every look-up is an indexed equality on (kind, key), so matching a check
against tens of thousands of indicators costs a few index probes. The one
scan is `cluster_links`: the links a cluster's members posted, read only
when some source lists domains.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select
from sqlmodel import Session, col

from storage.indicators import Indicator, IndicatorKind
from storage.links import normalise_platform
from storage.models import Account, AccountScore, Post, PostUrl, WatchIndicator, WatchSource

#: Keys per IN (...) look-up: well under SQLite's and PostgreSQL's parameter limits.
CHUNK = 500


def replace_source(session: Session, source: WatchSource, indicators: Sequence[Indicator]) -> None:
    """Store `source` with `indicators`, replacing what an earlier import of the same name held."""
    remove_source(session, source.name)
    session.add(source)
    session.flush()
    rows = [
        {
            "source": source.name,
            "kind": str(item.kind),
            "platform": item.platform,
            "key": item.key,
            "published": item.published,
            "line": item.line,
            "tactic": item.tactic,
            "technique": item.technique,
            "procedure": item.procedure,
            "note": item.note,
        }
        for item in indicators
    ]
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(WatchIndicator), rows[start : start + CHUNK])


def remove_source(session: Session, name: str) -> int:
    """Delete source `name` and its indicators; how many indicators went (0: no such source)."""
    removed = session.execute(delete(WatchIndicator).where(col(WatchIndicator.source) == name))
    session.execute(delete(WatchSource).where(col(WatchSource.name) == name))
    return int(getattr(removed, "rowcount", 0) or 0)


def sources(session: Session) -> list[WatchSource]:
    """Every imported source, the most recent import first."""
    query = select(WatchSource).order_by(col(WatchSource.imported_ts).desc(), col(WatchSource.name))
    return list(session.scalars(query))


def source_by_name(session: Session, name: str) -> WatchSource | None:
    """The source called `name`, or else the one source whose name matches it in any case."""
    found = session.get(WatchSource, name)
    if found is not None:
        return found
    folded = [s for s in sources(session) if s.name.casefold() == name.casefold()]
    return folded[0] if len(folded) == 1 else None


def kinds_of(session: Session, name: str) -> dict[tuple[str, str], int]:
    """How many indicators source `name` lists of each (kind, platform)."""
    query = (
        select(col(WatchIndicator.kind), col(WatchIndicator.platform), func.count())
        .where(col(WatchIndicator.source) == name)
        .group_by(col(WatchIndicator.kind), col(WatchIndicator.platform))
    )
    return {(kind, platform): n for kind, platform, n in session.execute(query)}


def _listed(session: Session, kind: IndicatorKind, keys: Iterable[str]) -> list[WatchIndicator]:
    wanted = sorted(set(keys))
    found: list[WatchIndicator] = []
    for start in range(0, len(wanted), CHUNK):
        query = select(WatchIndicator).where(
            col(WatchIndicator.kind) == str(kind),
            col(WatchIndicator.key).in_(wanted[start : start + CHUNK]),
        )
        found.extend(session.scalars(query))
    return sorted(found, key=lambda w: (w.source, w.kind, w.key, w.platform))


def same_platform(listed: str, platform: str | None) -> bool:
    """Whether an indicator listed on `listed` ("" for any) names an account on `platform`.

    Records keep their own platform names ("twitter"); both sides are read
    through storage.links' aliases. An account checked on no platform matches
    a listing on any.
    """
    if not listed or not platform:
        return True
    return (normalise_platform(listed) or listed) == (
        normalise_platform(platform) or platform.lower()
    )


def listed_accounts(
    session: Session, accounts: Iterable[tuple[str | None, str]]
) -> list[tuple[tuple[str | None, str], WatchIndicator]]:
    """((platform, handle), listing) for each given account that a source lists.

    Handles compare lower-case; a platform of None matches listings on any platform.
    """
    wanted = [(platform, handle.lower()) for platform, handle in accounts]
    listings = _listed(session, IndicatorKind.ACCOUNT, (handle for _, handle in wanted))
    return [
        ((platform, handle), listing)
        for platform, handle in dict.fromkeys(wanted)
        for listing in listings
        if listing.key == handle and same_platform(listing.platform, platform)
    ]


def listed_posts(session: Session, platform: str | None, post_id: str) -> list[WatchIndicator]:
    """Listings of the post `post_id` on `platform` (any platform when None)."""
    return [
        w
        for w in _listed(session, IndicatorKind.POST, [post_id])
        if same_platform(w.platform, platform)
    ]


def listed_links(session: Session, urls: Iterable[str]) -> list[WatchIndicator]:
    """Listings of these canonical URLs, as pages."""
    return _listed(session, IndicatorKind.LINK, urls)


def listed_domains(session: Session, domains: Iterable[str]) -> list[WatchIndicator]:
    """Listings of these hosts as domains."""
    return _listed(session, IndicatorKind.DOMAIN, domains)


def has_indicators(session: Session) -> bool:
    """Whether any source is imported (checks skip every other look-up when none is)."""
    return session.scalars(select(col(WatchSource.name)).limit(1)).first() is not None


def lists_domains(session: Session) -> bool:
    """Whether any source lists a domain."""
    query = select(col(WatchIndicator.id)).where(
        col(WatchIndicator.kind) == str(IndicatorKind.DOMAIN)
    )
    return session.scalars(query.limit(1)).first() is not None


def listed_members(session: Session, cluster_id: int) -> list[tuple[Account, WatchIndicator]]:
    """Members of a cluster that a source lists as accounts, with each listing."""
    query = (
        select(Account, WatchIndicator)
        .join(AccountScore, col(AccountScore.account_id) == col(Account.id))
        .join(WatchIndicator, col(WatchIndicator.key) == col(Account.handle_key))
        .where(
            col(AccountScore.cluster_id) == cluster_id,
            col(WatchIndicator.kind) == str(IndicatorKind.ACCOUNT),
        )
    )
    found = [(a, w) for a, w in session.execute(query) if same_platform(w.platform, a.platform)]
    return sorted(found, key=lambda pair: (pair[0].platform, pair[0].handle, pair[1].source))


@dataclass(frozen=True)
class SharedLink:
    """A link some members of a cluster posted: by how many of them, in how many posts."""

    url: str
    accounts: frozenset[int]
    posts: int


def cluster_links(session: Session, cluster_id: int) -> list[SharedLink]:
    """Every canonical link the members of a cluster posted, with who and how often.

    Reads every post of the cluster's members that carries a link: cost grows
    with the cluster's posts, so checks call it only when a source lists domains.
    """
    query = (
        select(col(PostUrl.url), col(Post.account_id), func.count())
        .join(Post, col(Post.id) == col(PostUrl.post_pk))
        .join(AccountScore, col(AccountScore.account_id) == col(Post.account_id))
        .where(col(AccountScore.cluster_id) == cluster_id)
        .group_by(col(PostUrl.url), col(Post.account_id))
    )
    by_url: dict[str, tuple[set[int], int]] = {}
    for url, account_id, n in session.execute(query):
        accounts, posts = by_url.get(url, (set(), 0))
        accounts.add(account_id)
        by_url[url] = (accounts, posts + n)
    return [SharedLink(url, frozenset(a), n) for url, (a, n) in sorted(by_url.items())]
