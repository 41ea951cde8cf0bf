"""Checks as the Slack surfaces run them: verdicts for targets, logged per user."""

from __future__ import annotations

from collections.abc import Iterable

from bot.resolver import LinkResolver
from bot.services import check_target
from detection.verdict import Verdict
from storage import queries
from storage.db import Store, now_ts
from storage.links import Target
from storage.models import CheckLog


def check_targets(
    store: Store, targets: Iterable[Target], resolver: LinkResolver | None = None
) -> list[tuple[Target, Verdict]]:
    """The verdict on each target, in order (short and article links resolved when a resolver is given)."""
    return [(target, check_target(store, target.raw, resolver=resolver)) for target in targets]


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
