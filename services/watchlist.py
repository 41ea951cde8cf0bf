"""The watchlist: indicators platforms published about operations they took down, matched on checks.

`import_indicators` reads a published indicator file (storage.indicators)
and stores it under a source name; `sources` and `remove_source` list and
drop them. `mark_listings` adds to a verdict what the watchlist says about
it, as evidence lines of kind "watchlist" (weight 0: a listing informs the
analyst, it never moves the score): the target itself listed (whether or not
it is in the store), listed accounts among the verdict's accounts and its
cluster's members, and listed domains the cluster's members linked to.
`mark_digest` marks listed accounts in a digest. The CLI, the Slack handlers
and the demo all come through here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from sqlmodel import Session

from detection.digest import Digest
from detection.verdict import Evidence, Verdict
from storage import watchlist as stored
from storage.db import Store, now_ts
from storage.indicators import (
    IndicatorFileError,
    IndicatorKind,
    domains_of,
    host_of,
    read_indicator_file,
)
from storage.links import Target, normalise_platform
from storage.models import WatchIndicator, WatchSource
from storage.records import Rejected

#: Evidence kind of every watchlist line (cards and `check --json` read it).
KIND = "watchlist"
#: Longest source name (the store's column).
MAX_SOURCE = 200
#: How many rejects an import lists; all of them go to the rejects file.
SHOWN_REJECTS = 20
#: Listings shown per verdict, listed members named, listed domains shown: a card stays readable.
MAX_LISTINGS = 5
MAX_MEMBERS = 10
MAX_DOMAINS = 3


class WatchlistError(Exception):
    """What the user asked cannot be done (bad file, unknown source); one line, user-facing."""


@dataclass
class ImportReport:
    """What importing one indicator file did."""

    source: str
    path: Path
    shape: str  # "table" or "list"
    rows: int
    stored: int
    kinds: dict[str, int]  # "x accounts", "domains", ... -> how many
    duplicates: int
    rejected: int
    rejects: list[Rejected] = field(default_factory=list)  # the first SHOWN_REJECTS
    rejects_path: Path | None = None
    replaced: bool = False  # an earlier import under the same name was replaced


@dataclass(frozen=True)
class SourceSummary:
    """An imported source as `watchlist list` and `/cib watchlist` show it."""

    name: str
    file: str
    indicators: int
    rejected: int
    imported_ts: int
    kinds: dict[str, int]


def rejects_path_for(path: Path) -> Path:
    """Where an import's refused lines go: FILE.rejects.jsonl next to the file (as ingest's)."""
    return path.with_name(path.name + ".rejects.jsonl")


def check_source_name(name: str) -> str:
    """`name` stripped, or WatchlistError saying why it cannot name a source."""
    cleaned = name.strip()
    if not cleaned:
        raise WatchlistError('name the source, e.g. --source "Meta Q2 2023 Spamouflage"')
    if len(cleaned) > MAX_SOURCE:
        raise WatchlistError(f"a source name is at most {MAX_SOURCE} characters")
    if any(unicodedata.category(char).startswith("C") for char in cleaned):
        raise WatchlistError("a source name is one line of text, without control characters")
    return cleaned


def _kind_name(kind: str, platform: str) -> str:
    """What a (kind, platform) of indicator is called, in the singular: "x account", "domain"."""
    if kind == IndicatorKind.ACCOUNT:
        return f"{platform} account" if platform else "handle"
    if kind == IndicatorKind.POST:
        return f"{platform} post"
    return "domain" if kind == IndicatorKind.DOMAIN else "other link"


def _named_kinds(counted: dict[tuple[str, str], int]) -> dict[str, int]:
    """{"x accounts": 35, "domain": 1, ...} from counts per (kind, platform), the largest first."""
    named: dict[str, int] = {}
    for (kind, platform), n in counted.items():
        label = _kind_name(kind, platform)
        named[label] = named.get(label, 0) + n
    ordered = sorted(named.items(), key=lambda kv: (-kv[1], kv[0]))
    return {(label if n == 1 else label + "s"): n for label, n in ordered}


def _write_rejects(path: Path, rejects: list[Rejected]) -> Path | None:
    target = rejects_path_for(path)
    if not rejects:
        target.unlink(missing_ok=True)  # no stale rejects from an earlier import
        return None
    with open(target, "wb") as handle:
        for rejected in rejects:
            handle.write(
                orjson.dumps(
                    {"line": rejected.line, "reason": rejected.reason, "record": rejected.raw}
                )
                + b"\n"
            )
    return target


def import_indicators(store: Store, path: Path, source: str) -> ImportReport:
    """Read the indicator file at `path` and store it as `source` (replacing an earlier import).

    Lines that name no indicator are kept with their line and reason in
    FILE.rejects.jsonl. Raises WatchlistError, one line, for a bad source
    name, a file that cannot be read as indicators, or one with none in it.
    """
    name = check_source_name(source)
    try:
        found = read_indicator_file(path)
    except IndicatorFileError as exc:
        raise WatchlistError(str(exc)) from None
    try:
        rejects_path = _write_rejects(path, found.rejects)
    except OSError:
        rejects_path = None  # a read-only folder: the refused lines are still listed
    if not found.indicators:
        first = found.rejects[0] if found.rejects else None
        why = f" (line {first.line}: {first.reason})" if first else ""
        raise WatchlistError(
            f"{path}: no handle, profile link, post link or domain in its {found.rows:,} lines{why}"
        )
    counted: dict[tuple[str, str], int] = {}
    for item in found.indicators:
        counted[(item.kind, item.platform)] = counted.get((item.kind, item.platform), 0) + 1
    with store.session() as session:
        replaced = session.get(WatchSource, name) is not None
        stored.replace_source(
            session,
            WatchSource(
                name=name,
                file=path.name[:1000],
                indicators=len(found.indicators),
                rejected=len(found.rejects),
                imported_ts=now_ts(),
            ),
            found.indicators,
        )
    return ImportReport(
        source=name,
        path=path,
        shape=found.shape,
        rows=found.rows,
        stored=len(found.indicators),
        kinds=_named_kinds(counted),
        duplicates=found.duplicates,
        rejected=len(found.rejects),
        rejects=found.rejects[:SHOWN_REJECTS],
        rejects_path=rejects_path,
        replaced=replaced,
    )


def sources(store: Store) -> list[SourceSummary]:
    """Every imported source, the most recent first, with its counts per kind."""
    with store.session() as session:
        rows = stored.sources(session)
        kinds = {s.name: stored.kinds_of(session, s.name) for s in rows}
    return [
        SourceSummary(
            name=s.name,
            file=s.file,
            indicators=s.indicators,
            rejected=s.rejected,
            imported_ts=s.imported_ts,
            kinds=_named_kinds(kinds[s.name]),
        )
        for s in rows
    ]


def remove_source(store: Store, name: str) -> tuple[str, int]:
    """Drop source `name` (exact, or the one matching in any case): (its name, indicators removed)."""
    with store.session() as session:
        found = stored.source_by_name(session, name.strip())
        if found is None:
            names = [s.name for s in stored.sources(session)]
            known = ", ".join(repr(n) for n in names[:10]) if names else "none"
            raise WatchlistError(
                f"no watchlist source is called {name.strip()[:80]!r} (imported: {known})"
            )
        removed = stored.remove_source(session, found.name)
    return found.name, removed


# ---------------------------------------------------------------------------
# Matching checks
# ---------------------------------------------------------------------------


def _why(listing: WatchIndicator) -> str:
    """The report's own words for a listing: its procedure, else technique, else note."""
    said = listing.procedure or listing.technique or listing.note
    return f" ({said})" if said else ""


def _listing_line(who: str, listing: WatchIndicator) -> Evidence:
    return Evidence(
        kind=KIND,
        text=f'{who} listed in "{listing.source}" as {listing.published}{_why(listing)}',
        counts={
            "source": listing.source,
            "indicator": listing.published,
            "matched": listing.kind,
            "tactic": listing.tactic,
            "technique": listing.technique,
            "procedure": listing.procedure,
            "note": listing.note,
            "line": listing.line,
        },
    )


def _account_key(platform: str | None, handle: str) -> tuple[str, str]:
    return (normalise_platform(platform or "") or (platform or "").lower(), handle.lower())


def _labels(labels: Iterable[str]) -> list[tuple[str | None, str]]:
    """(platform, handle) of "platform:@handle" labels."""
    parsed = []
    for label in labels:
        platform, _, handle = label.partition(":@")
        if handle:
            parsed.append((platform or None, handle))
    return parsed


def _own_listings(session: Session, targets: Sequence[Target]) -> list[tuple[str, WatchIndicator]]:
    """(who, listing) for what the checked targets themselves name."""
    found: list[tuple[str, WatchIndicator]] = []
    for target in targets:
        if target.kind == "account" and target.handle:
            found += [
                ("this account is", w)
                for _, w in stored.listed_accounts(session, [(target.platform, target.handle)])
            ]
        elif target.kind == "post" and target.post_id:
            found += [
                ("this post is", w)
                for w in stored.listed_posts(session, target.platform, target.post_id)
            ]
            if target.handle:
                found += [
                    (f"its author {target.platform}:@{target.handle} is", w)
                    for _, w in stored.listed_accounts(session, [(target.platform, target.handle)])
                ]
        elif target.url:
            found += [("this link is", w) for w in stored.listed_links(session, [target.url])]
            host = host_of(target.url)
            found += [
                (f"its site {host} is" if w.key == host else f"its site {host} (on {w.key}) is", w)
                for w in stored.listed_domains(session, domains_of(host))
            ]
    return found


def _member_line(cluster_id: int, listed: list[tuple[str, WatchIndicator]]) -> Evidence:
    names: dict[str, list[str]] = {}
    for label, listing in listed:
        names.setdefault(label, [])
        if listing.source not in names[label]:
            names[label].append(listing.source)
    shown = [f'{label} ("{", ".join(srcs)}")' for label, srcs in list(names.items())[:MAX_MEMBERS]]
    more = len(names) - len(shown)
    sources_named = sorted({listing.source for _, listing in listed})
    return Evidence(
        kind=KIND,
        text=(
            f"{len(names)} other member{'s' if len(names) != 1 else ''} of cluster #{cluster_id} "
            f"{'are' if len(names) != 1 else 'is'} listed: "
            + ", ".join(shown)
            + (f" and {more} more" if more > 0 else "")
        ),
        counts={"members": len(names), "sources": sources_named},
        examples=list(names)[:MAX_MEMBERS],
    )


def _domain_lines(session: Session, cluster_id: int) -> list[Evidence]:
    """One line per listed domain the cluster's members linked to, most linked first."""
    links = stored.cluster_links(session, cluster_id)
    candidates: dict[str, list[stored.SharedLink]] = {}
    for link in links:
        for domain in domains_of(host_of(link.url)):
            candidates.setdefault(domain, []).append(link)
    if not candidates:
        return []
    lines: list[tuple[int, Evidence]] = []
    seen: set[str] = set()
    for listing in stored.listed_domains(session, candidates):
        if listing.key in seen:
            continue  # listed by several sources: the first names it, the counts are the same
        seen.add(listing.key)
        shared = candidates[listing.key]
        accounts = frozenset().union(*(link.accounts for link in shared))
        posts = sum(link.posts for link in shared)
        lines.append(
            (
                posts,
                Evidence(
                    kind=KIND,
                    text=(
                        f"cluster #{cluster_id} linked to {listing.key}, listed in "
                        f'"{listing.source}" as {listing.published}{_why(listing)}: '
                        f"{posts} post{'s' if posts != 1 else ''} by {len(accounts)} "
                        f"member{'s' if len(accounts) != 1 else ''}"
                    ),
                    counts={
                        "source": listing.source,
                        "indicator": listing.published,
                        "matched": listing.kind,
                        "technique": listing.technique,
                        "procedure": listing.procedure,
                        "posts": posts,
                        "accounts": len(accounts),
                    },
                    examples=[link.url for link in shared[:3]],
                ),
            )
        )
    lines.sort(key=lambda pair: -pair[0])
    return [line for _, line in lines[:MAX_DOMAINS]]


def mark_listings(session: Session, verdict: Verdict, targets: Sequence[Target]) -> None:
    """Put what the watchlist says about `verdict` first among its evidence lines.

    `targets` are what was checked (the target as typed and, when a link was
    resolved, the one it led to). Lines, in order: the targets themselves
    listed; listed accounts among the verdict's accounts; listed members of
    its cluster; listed domains its cluster linked to. Adds nothing when no
    source lists any of them. One look-up when nothing is imported; else a
    few indexed look-ups, plus one read of the cluster's links when some
    source lists domains.
    """
    if not stored.has_indicators(session):
        return
    lines: list[Evidence] = []
    shown: set[int | None] = set()

    def add(who: str, listing: WatchIndicator) -> None:
        if listing.id not in shown and len(shown) < MAX_LISTINGS:
            shown.add(listing.id)
            lines.append(_listing_line(who, listing))

    for who, listing in _own_listings(session, targets):
        add(who, listing)
    on_card = _labels(verdict.accounts)
    for (platform, handle), listing in stored.listed_accounts(session, on_card):
        add(f"{platform}:@{handle} is", listing)
    if verdict.cluster is not None:
        # The card's own accounts are named above; "other members" are the rest.
        named = {_account_key(platform, handle) for platform, handle in on_card}
        members = [
            (f"{account.platform}:@{account.handle}", listing)
            for account, listing in stored.listed_members(session, verdict.cluster.id)
            if _account_key(account.platform, account.handle) not in named
        ]
        if members:
            lines.append(_member_line(verdict.cluster.id, members))
        if stored.lists_domains(session):
            lines += _domain_lines(session, verdict.cluster.id)
    verdict.evidence[:0] = lines


def listing_lines(verdict: Verdict) -> list[Evidence]:
    """The watchlist lines of a verdict that `mark_listings` marked."""
    return [line for line in verdict.evidence if line.kind == KIND]


def mark_digest(session: Session, digest: Digest) -> None:
    """Start the evidence of each listed account in `digest` with the sources that list it."""
    if not stored.has_indicators(session):
        return
    accounts = [account for group in digest.clusters for account in group.accounts]
    parsed = _labels(a.label for a in accounts)
    listed: dict[tuple[str, str], list[str]] = {}
    for (platform, handle), listing in stored.listed_accounts(session, parsed):
        sources_of = listed.setdefault(_account_key(platform, handle), [])
        if listing.source not in sources_of:
            sources_of.append(listing.source)
    if not listed:
        return
    for account in accounts:
        platform, _, handle = account.label.partition(":@")
        names = listed.get(_account_key(platform, handle))
        if names:
            marker = "listed in " + ", ".join(f'"{name}"' for name in names)
            account.evidence = f"{marker}; {account.evidence}" if account.evidence else marker
