"""A store with a known network: a Spamouflage-like operation and ordinary accounts.

`generate_records` writes the records the Slack tests' store is built from;
`KnownData` says which handles, posts and links are which, for assertions.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

SHANGHAI = timezone(timedelta(hours=8))
_FIRST = [
    "jane",
    "john",
    "mary",
    "li",
    "wei",
    "anna",
    "peter",
    "lucy",
    "mark",
    "sara",
    "tom",
    "emma",
]
_LAST = ["doe", "smith", "wang", "zhang", "brown", "lee", "chen", "white", "king", "hall"]


@dataclass
class KnownData:
    """What the generated store holds, for assertions."""

    network: list[str]  # handles of the coordinated accounts (platform x)
    ordinary: list[str]  # handles of unrelated accounts
    network_post_ids: list[str] = field(default_factory=list)
    ordinary_post_ids: list[str] = field(default_factory=list)
    article_urls: list[str] = field(default_factory=list)


def generate_records(
    n_network: int = 12,
    pushes: int = 8,
    n_ordinary: int = 30,
    hashtag: str = "truth",
    article: str = "https://news.example.com/story-{push}",
) -> tuple[list[dict[str, Any]], KnownData]:
    """A deterministic data set: a Spamouflage-like network and ordinary accounts.

    The network: `n_network` accounts created on the same day with
    firstnamelastname1234 handles post the same text with serial numbers
    ("#3") and the same article link, seconds apart, `pushes` times, in
    09:00-12:00 China Standard Time on weekdays, every post with `hashtag` and
    the push's `article` link (formatted with the push's number).
    Ordinary accounts post their own varied texts at random times over 40 days.
    """
    rng = random.Random(20230829)
    network = [
        f"{_FIRST[i % 12]}{_LAST[(i * 7) % 10]}{1000 + rng.randrange(9000)}"
        for i in range(n_network)
    ]
    ordinary = [f"citizen_{i:02d}" for i in range(n_ordinary)]
    known = KnownData(network=network, ordinary=ordinary)
    records: list[dict[str, Any]] = []
    serial = itertools.count(1)
    monday = datetime(2023, 6, 5, tzinfo=SHANGHAI)
    for push in range(pushes):
        day = monday + timedelta(days=push % 5 + 7 * (push // 5))
        start = day.replace(hour=9 + push % 3, minute=rng.randrange(50))
        url = article.format(push=push)
        known.article_urls.append(url)
        for i, handle in enumerate(network):
            post_id = str(1690000000000000000 + next(serial))
            known.network_post_ids.append(post_id)
            records.append(
                {
                    "platform": "x",
                    "post_id": post_id,
                    "author_handle": handle,
                    "author_id": f"id-{handle}",
                    "author_created_at": "2023-05-02T03:00:00Z",
                    "posted_at": (start + timedelta(seconds=7 * i + rng.randrange(5))).isoformat(),
                    "text": f"The truth about topic {push}: the western media lies again, see for yourself #{i + 1}",
                    "urls": [url + "?utm_source=x"],
                    "hashtags": [hashtag],
                    "lang": "en",
                }
            )
    topics = ["cats", "rain", "football", "coffee", "books", "trains", "gardening"]
    for a, handle in enumerate(ordinary):
        for k in range(12):
            post_id = str(1600000000000000000 + a * 100 + k)
            known.ordinary_post_ids.append(post_id)
            when = datetime(2023, 6, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(40 * 86400))
            records.append(
                {
                    "platform": "x",
                    "post_id": post_id,
                    "author_handle": handle,
                    "author_created_at": "2015-03-01T00:00:00Z",
                    "posted_at": when.isoformat(),
                    "text": f"thought {k} of {handle} on {rng.choice(topics)}: {rng.random():.6f}",
                    "urls": [],
                    "hashtags": [],
                }
            )
    return records, known
