"""Checks: the verdict on one target, with pasted links resolved first, and who checked what.

`check_parsed` takes a target already read (the Slack surfaces read theirs
from message or command text); `check_target` reads typed text first (the
CLI, buttons carrying a target's text, benchmarks). Either way the verdict
comes from detection.check on the last sweep, reviewer flags applied.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from detection.check import check
from detection.verdict import Verdict
from storage import queries
from storage.db import Store, now_ts
from storage.links import Target, parse_target
from storage.models import CheckLog

if TYPE_CHECKING:
    # Imported when a resolver is given: the HTTP client behind it is a
    # noticeable share of `cibwatch check`'s start-up, and most checks fetch nothing.
    from services.resolver import LinkResolver


def check_parsed(store: Store, target: Target, *, resolver: LinkResolver | None = None) -> Verdict:
    """The verdict on `target`.

    With a `resolver`, article and short links are resolved first and the URL
    they lead to is checked; the verdict's note says where the link led, or
    why it could not be resolved. Without one, nothing is fetched.
    """
    link_note = ""
    if resolver is not None:
        from services.resolver import resolve_target

        target, link_note = resolve_target(resolver, target)
    with store.session() as session:
        verdict = check(session, target)
    if link_note:
        verdict.note = f"{link_note} {verdict.note}".strip()
    return verdict


def check_target(store: Store, text: str, *, resolver: LinkResolver | None = None) -> Verdict:
    """Read what the user typed and check it (raises TargetError on bad input); see `check_parsed`."""
    return check_parsed(store, parse_target(text), resolver=resolver)


def log_checks(store: Store, user_id: str, verdicts: Iterable[Verdict]) -> None:
    """Record who checked what with which result (the App Home's recent checks)."""
    now = now_ts()
    with store.session() as session:
        for verdict in verdicts:
            queries.add_check_log(
                session,
                CheckLog(
                    user_id=user_id[:64],
                    target=verdict.target[:2048],
                    verdict=str(verdict.level),
                    score=verdict.score,
                    created_ts=now,
                ),
            )
