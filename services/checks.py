"""Checks: the verdict on one target, with pasted links resolved first, and who checked what.

`check_parsed` takes a target already read (the Slack surfaces read theirs
from message or command text); `check_target` reads typed text first (the
CLI, buttons carrying a target's text, benchmarks). Either way the verdict
comes from detection.check on the last sweep, reviewer flags applied.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from detection.check import check
from detection.verdict import Verdict
from services.watchlist import mark_listings
from storage import queries
from storage.db import Store, StoreBusy, now_ts
from storage.links import Target, parse_target
from storage.models import CheckLog

log = logging.getLogger(__name__)

#: Seconds recording a check waits for the store's write lock. The record only feeds the
#: App Home's recent checks: behind a long write (an ingest, a sweep) it is skipped, and
#: the card is answered without waiting.
LOG_WAIT = 2.0

if TYPE_CHECKING:
    # Imported when a resolver is given: the HTTP client behind it is a
    # noticeable share of `cibwatch check`'s start-up, and most checks fetch nothing.
    from services.resolver import LinkResolver


def check_parsed(store: Store, target: Target, *, resolver: LinkResolver | None = None) -> Verdict:
    """The verdict on `target`.

    With a `resolver`, article and short links are resolved first and the URL
    they lead to is checked; the verdict's note says where the link led, or
    why it could not be resolved. Without one, nothing is fetched. What the
    watchlist lists about the target (as given or resolved), its accounts and
    its cluster comes first among the evidence lines.
    """
    if resolver is None:
        return _verdict(store, target, target, "")
    from services.resolver import resolve_target

    return _verdict(store, target, *resolve_target(resolver, target))


def check_many(
    store: Store, targets: Sequence[Target], *, resolver: LinkResolver | None = None
) -> list[Verdict]:
    """The verdicts on the targets of one check (a message, a command), in order.

    Like `check_parsed`, but the links are resolved together
    (`resolve_targets`): at most a few are fetched, at the same time, within
    one deadline; the others are checked as given, and their notes say so.
    """
    if resolver is None:
        return [_verdict(store, target, target, "") for target in targets]
    from services.resolver import resolve_targets

    resolved = resolve_targets(resolver, targets)
    return [
        _verdict(store, given, target, note)
        for given, (target, note) in zip(targets, resolved, strict=True)
    ]


def _verdict(store: Store, given: Target, target: Target, link_note: str) -> Verdict:
    # The watchlist is matched on the target as given and as resolved.
    checked = [given] if target.key() == given.key() else [given, target]
    with store.session() as session:
        verdict = check(session, target)
        mark_listings(session, verdict, checked)
    if link_note:
        verdict.note = f"{link_note} {verdict.note}".strip()
    return verdict


def check_target(store: Store, text: str, *, resolver: LinkResolver | None = None) -> Verdict:
    """Read what the user typed and check it (raises TargetError on bad input); see `check_parsed`."""
    return check_parsed(store, parse_target(text), resolver=resolver)


def log_checks(store: Store, user_id: str, verdicts: Iterable[Verdict]) -> None:
    """Record who checked what with which result (the App Home's recent checks).

    Skipped, with a warning in the log, when the store is busy for longer than LOG_WAIT.
    """
    now = now_ts()
    rows = [
        CheckLog(
            user_id=user_id[:64],
            target=verdict.target[:2048],
            verdict=str(verdict.level),
            score=verdict.score,
            created_ts=now,
        )
        for verdict in verdicts
    ]
    try:
        with store.session(wait=LOG_WAIT) as session:
            for row in rows:
                queries.add_check_log(session, row)
    except StoreBusy:
        log.warning("store busy: %d check(s) by %s left out of the App Home", len(rows), user_id)
