"""End to end on bench/generate.py's data (operations and look-alike decoys, with ground truth).

The bot is asked about accounts whose truth is known; the card it posts
must carry the verdict detection gives them: a member of a link-ring
operation is "Likely coordinated", an ordinary account and a share-button
decoy are "No coordination signal".
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fakes import FakeSlack, SlackClient, blocks_text, header_of, in_channel


@pytest.fixture
def generated_client(generated_bot_url: str, fake_slack: FakeSlack) -> Iterator[SlackClient]:
    client = SlackClient(generated_bot_url, fake_slack)
    yield client
    client.http.close()


def first_of(truth: list, style: str) -> str:
    """'platform:@handle' of the first account (by group, handle) of `style`."""
    rows = sorted((r for r in truth if r.style == style), key=lambda r: (r.group, r.author_handle))
    return f"{rows[0].platform}:@{rows[0].author_handle}"


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
    target = first_of(generated_store[0], style)

    response = generated_client.command(f"check {target}", channel=channel)

    assert response.status_code == 200
    (card,) = fake_slack.wait_for("chat.postMessage", in_channel(channel))
    assert header_of(card.body).startswith(level), (target, blocks_text(card.body))
