"""Friends replying to one another's posts are a conversation, not an operation.

A handful of friends reply to each other's posts within minutes, day after
day, and almost nobody else replies to them: repeated co-action on the same
posts, and a closed loop of engagement. The closed loop shows an operation
only in reposts (a network amplifying its own members, whom no one else
amplifies); in replies it is what a group chat looks like. Checked inside a
store of the second generator (bench/othergen.py), on a seed never used
while setting detection.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from factories import iso, levels_of, record, sweep_records
from othergen import generate  # bench/ on sys.path

from detection.verdict import Level

START = datetime(2024, 3, 4, tzinfo=UTC)
CHATTER = ["haha yes", "no way", "same here", "lol", "omg", "see you there", "told you"]
TOPICS = ["lunch", "the gym", "that movie", "the exam", "my bus is late", "a new song"]


def friends_chatting(rng: random.Random, size: int, posts_a_day: float, days: int = 28):
    """Handles and records of `size` friends over `days`: each posts about
    `posts_a_day` times a day at waking hours, and one to four of the others
    reply within ten minutes."""
    names = ["maya", "leo", "sam", "noor", "kofi", "ines", "yuki", "omar"]
    handles = [f"{name}_{rng.randint(10, 99)}" for name in names[:size]]
    created = {
        h: f"{rng.randint(2010, 2022)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T08:00:00Z"
        for h in handles
    }
    records: list[dict] = []
    for day in range(days):
        for author in handles:
            for _ in range(int(posts_a_day) + (rng.random() < posts_a_day % 1)):
                t = START + timedelta(days=day, hours=rng.uniform(8, 23))
                post_id = f"chat{len(records)}"
                text = f"{rng.choice(TOPICS)} {rng.randint(0, 10**6)}"
                records.append(
                    record(
                        post_id,
                        author,
                        posted_at=iso(t),
                        text=text,
                        author_created_at=created[author],
                    )
                )
                others = [h for h in handles if h != author]
                for friend in rng.sample(others, rng.randint(1, min(4, len(others)))):
                    reply_at = t + timedelta(seconds=rng.randint(30, 600))
                    records.append(
                        record(
                            f"chat{len(records)}", friend, posted_at=iso(reply_at),
                            reply_to_post_id=post_id, author_created_at=created[friend],
                            text=f"@{author} {rng.choice(CHATTER)} {rng.randint(0, 10**6)}",
                        )
                    )  # fmt: skip
    return handles, records


@pytest.mark.parametrize(("size", "posts_a_day"), [(4, 0.5), (6, 3.0)])
def test_friends_replying_to_each_other_are_not_likely(
    tmp_path, size: int, posts_a_day: float
) -> None:
    rng = random.Random(9111 + size)
    store, _truth = generate(20_000, 9111, days=28, minute_resolution=False)
    handles, chat = friends_chatting(rng, size, posts_a_day)
    swept = sweep_records(tmp_path, [*store, *chat])
    result, accounts = swept
    position = {h: i for i, h in enumerate(accounts.handle)}
    # They do act together again and again: the sweep finds the group.
    clusters = {
        result.accounts[position[h]].cluster for h in handles if position[h] in result.accounts
    }
    assert len(clusters) == 1 and None not in clusters
    assert all(level is not Level.LIKELY for level in levels_of(swept, handles))
