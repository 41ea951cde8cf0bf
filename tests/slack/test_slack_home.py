"""The App Home tab: review queue, the team's recent decisions, the user's own checks."""

from __future__ import annotations

import json
import re
import time
import uuid
from typing import Any

import orjson
from client import SlackClient, review_form
from fakes import REVIEWER, Call, FakeSlack, blocks_text, view_of
from known import KnownData

from handlers.ids import Action
from storage.db import Store

ReviewStore = tuple[KnownData, Store, str]


def home_opened(client: SlackClient, user: str, event_id: str | None = None) -> None:
    event = {
        "type": "app_home_opened",
        "user": user,
        "channel": "DHOME",
        "tab": "home",
        "event_ts": f"{time.time():.6f}",
    }
    assert client.event(event, event_id=event_id).status_code == 200


def published_for(fake: FakeSlack, user: str, count: int = 1) -> Call:
    return fake.wait_for("views.publish", lambda c: c.body.get("user_id") == user, count)[-1]


def sections(call: Call) -> dict[str, list[dict[str, Any]]]:
    """The home view's blocks, split into its parts: queue, decisions, checks."""
    blocks = view_of(call)["blocks"]
    parts: dict[str, list[dict[str, Any]]] = {"queue": [], "decisions": [], "checks": []}
    part = "queue"
    for block in blocks:
        text = (block.get("text") or {}).get("text", "")
        if "*Recent team decisions*" in text:
            part = "decisions"
        elif "*Your recent checks*" in text:
            part = "checks"
        parts[part].append(block)
    return parts


def queued(parts: dict[str, list[dict[str, Any]]]) -> list[tuple[str, float]]:
    """(account, score) of each queue line, in order."""
    found = []
    for block in parts["queue"]:
        match = re.search(
            r"`(x:@\w+)` \*[^*]+\* \((\d\.\d\d)\)", (block.get("text") or {}).get("text", "")
        )
        if match:
            found.append((match.group(1), float(match.group(2))))
    return found


def test_reviewer_home_shows_the_queue_team_decisions_and_own_checks(
    review_client: SlackClient, fake_slack: FakeSlack, review_store: ReviewStore, channel: str
) -> None:
    known, _, _ = review_store
    checked, decided = known.network[0], known.network[1]
    review_client.command(f"check @{checked}", channel=channel, user=REVIEWER)
    fake_slack.wait_for("chat.postMessage")
    review_client.command(
        f"flag @{decided} ran the <!channel> push", channel=channel, user=REVIEWER
    )
    fake_slack.wait_for("response")

    home_opened(review_client, REVIEWER)

    parts = sections(published_for(fake_slack, REVIEWER))
    queue = queued(parts)
    assert {a for a, _ in queue} == {f"x:@{h}" for h in known.network if h != decided}
    assert [s for _, s in queue] == sorted((s for _, s in queue), reverse=True)
    assert any(b["type"] == "actions" for b in parts["queue"])
    decisions = json.dumps(parts["decisions"])
    assert f"x:@{decided}" in decisions and "flagged coordinated" in decisions
    assert "ran the @channel push" in decisions and "<!channel>" not in decisions
    checks = json.dumps(parts["checks"])
    assert f"@{checked}" in checks and "Likely coordinated" in checks


def test_home_of_a_non_reviewer_lists_the_queue_without_buttons(
    review_client: SlackClient, fake_slack: FakeSlack, review_store: ReviewStore
) -> None:
    home_opened(review_client, "UANALYST")

    parts = sections(published_for(fake_slack, "UANALYST"))
    assert queued(parts)
    assert not any(b["type"] == "actions" for b in parts["queue"])
    assert "only reviewers can flag" in json.dumps(parts["queue"])
    assert "You have not checked anything yet" in json.dumps(parts["checks"])


def test_flag_from_the_home_queue_records_it_and_publishes_the_home_again(
    review_client: SlackClient, fake_slack: FakeSlack, review_store: ReviewStore
) -> None:
    known, _, _ = review_store
    account = f"x:@{known.network[2]}"
    value = orjson.dumps({"t": account, "a": [account], "c": 1}).decode()

    review_client.home_click(Action.FLAG, value, user=REVIEWER)
    (opened,) = fake_slack.wait_for("views.open")
    review_client.submit_view(view_of(opened), review_form("watch", "keep an eye"), user=REVIEWER)

    parts = sections(published_for(fake_slack, REVIEWER))
    assert account not in {a for a, _ in queued(parts)}
    assert account in json.dumps(parts["decisions"]) and "put on watch" in json.dumps(
        parts["decisions"]
    )


def test_redelivered_home_event_is_published_once(
    review_client: SlackClient, fake_slack: FakeSlack
) -> None:
    user, event_id = "UTWICE", f"Ev{uuid.uuid4().hex[:10].upper()}"
    home_opened(review_client, user, event_id=event_id)
    published_for(fake_slack, user)

    home_opened(review_client, user, event_id=event_id)

    fake_slack.quiet_for(0.4, "views.publish", lambda c: c.body.get("user_id") != user)
    assert len(fake_slack.calls_of("views.publish")) == 1
    assert "Review queue" in blocks_text(fake_slack.calls_of("views.publish")[0].body)
