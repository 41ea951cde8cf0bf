"""End to end on bench/generate.py's data (operations and look-alike decoys, with ground truth).

The bot is asked about accounts whose truth is known; the card it posts
must carry the verdict detection gives them: a member of a link-ring
operation is "Likely coordinated", an ordinary account and a share-button
decoy are "No coordination signal".
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from client import SlackClient
from fakes import FakeSlack, blocks_text, header_of, in_channel
from sqlalchemy import select

from storage.models import Account


@pytest.fixture
def generated_client(generated_bot_url: str, fake_slack: FakeSlack) -> Iterator[SlackClient]:
    client = SlackClient(generated_bot_url, fake_slack)
    yield client
    client.http.close()


def busiest_of(generated: tuple, style: str) -> str:
    """'platform:@handle' of the account of `style` with the most posts (ties: by handle).

    The busiest account is the one whose verdict the truth pins down best: a
    network member that posted once may legitimately be missed.
    """
    truth, store, _ = generated
    wanted = {(r.platform, r.author_handle.lower()) for r in truth if r.style == style}
    with store.session() as session:
        accounts = session.scalars(select(Account)).all()
    best = max(
        (a for a in accounts if (a.platform, a.handle) in wanted), key=lambda a: (a.post_count, a.handle)
    )
    return f"{best.platform}:@{best.handle}"


@pytest.mark.parametrize(
    ("style", "level"),
    [
        ("link_ring", "Likely coordinated"),
        ("copypaste", "Likely coordinated"),
        ("authentic", "No coordination signal"),
        ("share_button", "No coordination signal"),
    ],
)
def test_check_on_generated_data_posts_the_verdict_truth_expects(
    generated_client: SlackClient,
    fake_slack: FakeSlack,
    generated_store: tuple,
    channel: str,
    style: str,
    level: str,
) -> None:
    target = busiest_of(generated_store, style)

    response = generated_client.command(f"check {target}", channel=channel)

    assert response.status_code == 200
    (card,) = fake_slack.wait_for("chat.postMessage", in_channel(channel))
    assert header_of(card.body).startswith(level), (target, blocks_text(card.body))
