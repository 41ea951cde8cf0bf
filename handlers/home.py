"""The App Home tab: the review queue, the team's recent decisions, the user's own checks.

Published when a user opens the tab (`app_home_opened`, answered once even
when Slack redelivers it) and again after a decision taken from its buttons,
so the decided account leaves the queue at once. Reviewers get Flag /
Benign / Watch buttons on each queued account; others see the queue only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.models.blocks import Block

from handlers.buttons import ButtonValues, button_value
from handlers.errors import report
from handlers.flag_views import MAX_HOME_LINES, MAX_HOME_QUEUE, home_view
from handlers.runtime import Runtime
from services.flags import QueueItem, recent_decisions, review_queue
from storage import queries


def queue_value(item: QueueItem, kept: ButtonValues | None = None) -> str:
    """A queued account's button value, read like a card's (handlers.buttons)."""
    return button_value(item.account, [item.account], item.cluster_id, kept=kept)


def publish_home(
    runtime: Runtime, client: WebClient, user_id: str, notice: Sequence[Block] = ()
) -> None:
    """Build `user_id`'s App Home from the store and publish it (`notice` blocks go first)."""
    can_flag = runtime.access.allows(client, user_id)
    queue = review_queue(runtime.store, limit=MAX_HOME_QUEUE)
    decisions = recent_decisions(runtime.store, limit=MAX_HOME_LINES)
    with runtime.store.session() as session:
        checks = queries.recent_checks(session, user_id, limit=MAX_HOME_LINES)
        fresh = queries.latest_ingest_ts(session)
    view = home_view(
        queue=queue,
        queue_values=[queue_value(item, runtime.buttons) for item in queue],
        decisions=decisions,
        checks=checks,
        can_flag=can_flag,
        store_updated_ts=fresh,
        notice=list(notice),
    )
    client.views_publish(user_id=user_id, view=view)


def register(app: App, runtime: Runtime) -> None:
    """Publish the App Home when a user opens it (Bolt acks events before the listener runs)."""

    def on_home_opened(body: dict[str, Any], event: dict[str, Any], client: WebClient) -> None:
        user = event.get("user") or ""
        if event.get("tab", "home") != "home" or not user:
            return
        event_id = body.get("event_id") or f"home:{user}:{event.get('event_ts')}"

        def work() -> None:
            if runtime.dedupe.first_delivery(event_id):  # a write: on the pool, not here
                publish_home(runtime, client, user)

        runtime.pool.submit(work, on_error=lambda exc: report(exc, None))

    app.event("app_home_opened")(on_home_opened)
