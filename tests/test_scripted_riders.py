"""A few accounts riding a tag of their own with scripted lines are an operation.

Sparse hashtag riders post a campaign tag in short pushes of four or five
accounts, a different few each time, and nothing else: no two of them act
together at three moments, so they are tied only by single pushes, and a
group tied so is held below Likely unless something shows it is operated.
What shows it here is their words: each post pairs a claim from a short
script with its own closing line, emoji and tags, so members repeat each
other's sentences in texts that are not copies. A residents' group posting
about floods under one tag, in the same rhythm and just as devoted to it,
sharing the council's flood page, writes its own sentences (a link's path is
no sentence of theirs): it stays below Likely.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from factories import Timeline, iso, levels_of, sweep_records

from detection.features import TALKING_POINTS_SHARE, sentences, talking_points
from detection.sweep import SweepResult
from detection.verdict import Level
from storage.sweepdata import AccountColumns

START = datetime(2024, 3, 4, tzinfo=UTC)
SPAN_DAYS = 28
RIDERS = [f"{name}_{i}" for i, name in enumerate(
    ["riverlark", "mapleday", "quietfox", "tallgrass", "bluejetty", "oldmill",
     "sunporch", "redkite", "lowtide", "greenlane", "stonewall"]
)]  # fmt: skip
RESIDENTS = [f"{name}_{i}" for i, name in enumerate(
    ["marshview", "ferrylane", "willowbank", "eelbrook", "reedhouse", "mudflats",
     "heronway", "sluicegate", "dykeroad", "pondside", "floodmeadow"]
)]  # fmt: skip
PUBLIC = [f"citizen{i}" for i in range(250)]
CLAIMS = [
    "No toll on our only road",
    "The council sold the park without asking us",
    "The toll road will cut our town in half",
    "Our farmers are losing their land for a motorway",
    "Nobody voted for this land grab",
]
CLOSERS = [
    "Share this!",
    "Tag your MP.",
    "We will not be silent.",
    "Raise your voice!",
    "Time to act.",
]
EMOJI = ["", " 💪", " ✨", " 🙏", " 🌍"]
TRENDING = ["MondayMotivation", "WWE", "GTA6", "SundayFun", "Eurovision"]
STREETS = ["Mill Lane", "the ferry steps", "Church Row", "the old school", "Bridge Street"]
FLOOD_PAGE = "https://www.example-council.gov/news/flood-warnings-for-the-riverbank-estate"
WHAT = ["sandbags", "the pumps", "our cellar", "the bus stop", "the allotments"]

Swept = tuple[SweepResult, AccountColumns, dict[str, tuple[str, str]]]


def _pushes(rng: random.Random, group: list[str]) -> list[list[str]]:
    """Five pushes of four or five members each, every member in at least one."""
    order = rng.sample(group, len(group))
    pushes = [order[i::5] for i in range(5)]
    for push in pushes:
        while len(push) < 4:
            push.append(rng.choice([h for h in group if h not in push]))
    return pushes


def _records(rng: random.Random) -> list[dict]:
    line = Timeline(rng, START, SPAN_DAYS)
    created = {
        h: iso(
            datetime(2009 + rng.randrange(14), 1, 1, tzinfo=UTC)
            + timedelta(days=rng.randrange(365))
        )
        for h in RIDERS + RESIDENTS + PUBLIC
    }

    def post(handle: str, t: datetime, text: str, tags: list[str]) -> None:
        line.post(handle, t, text, hashtags=tags, author_created_at=created[handle])

    for n, push in enumerate(_pushes(rng, RIDERS)):
        t = line.moment()
        for handle in push:
            t += timedelta(seconds=rng.uniform(60, 200))
            text = f"{rng.choice(CLAIMS)}. {rng.choice(CLOSERS)}{rng.choice(EMOJI)}"
            tags = ["NoToTollRoad", TRENDING[n]]
            post(handle, t, f"{text} #{tags[0]} #{tags[1]}", tags)
    for flood, push in enumerate(_pushes(rng, RESIDENTS)):
        t = line.moment()
        for handle in push:
            t += timedelta(seconds=rng.uniform(60, 200))
            text = (
                f"{handle} here: water at {rng.choice(STREETS)} again, moved {rng.choice(WHAT)} "
                f"up by {rng.randint(2, 90)} cm at {rng.randint(1, 12)} o'clock, flood {flood}"
            )
            # They share the council's flood page, each with their own words.
            post(handle, t, f"{text} #RiverbankFlood {FLOOD_PAGE}", ["RiverbankFlood"])
    for handle in PUBLIC:
        for _ in range(rng.randint(3, 8)):
            topic = rng.choice(["lunch", "rain", "a film", "work", "my cat"])
            tags = [rng.choice(TRENDING)] if rng.random() < 0.3 else []
            text = f"{handle} on {topic} {rng.random():.6f}" + "".join(f" #{t}" for t in tags)
            post(handle, line.moment(), text, tags)
    line.quotes(PUBLIC, 40, ["market", "summit", "harvest", "railway", "pension", "bridge"])
    return line.records


@pytest.fixture(scope="module", params=[5, 6])
def swept(request, tmp_path_factory: pytest.TempPathFactory) -> Swept:  # type: ignore[no-untyped-def]
    records = _records(random.Random(request.param))
    result, accounts = sweep_records(tmp_path_factory.mktemp("riders"), records)
    return result, accounts, {f"x:{r['post_id']}": (r["author_handle"], r["text"]) for r in records}


def test_riders_repeating_each_others_lines_are_likely(swept: Swept) -> None:
    result, accounts, author_of = swept
    assert levels_of((result, accounts), RIDERS) == [Level.LIKELY] * len(RIDERS)
    position = {h: i for i, h in enumerate(accounts.handle)}
    card = result.accounts[position[RIDERS[0]]]
    lines = [e for e in card.evidence if e.kind == "talking_points"]
    assert len(lines) == 1
    counts = lines[0].counts
    assert counts["repeating"] >= TALKING_POINTS_SHARE * counts["posts"]
    assert counts["posts"] == sum(handle in RIDERS for handle, _ in author_of.values())
    # The examples are riders' posts carrying the most repeated sentence.
    examples = [author_of[p] for p in lines[0].examples]
    assert len({handle for handle, _ in examples}) >= 2
    assert {handle for handle, _ in examples} <= set(RIDERS)
    assert set.intersection(*(sentences(text) for _, text in examples))


def test_residents_writing_their_own_words_are_not(swept: Swept) -> None:
    result, accounts, _ = swept
    assert Level.LIKELY not in levels_of((result, accounts), RESIDENTS)


def test_what_counts_as_a_repeated_line() -> None:
    said = [
        (0, 1, "No toll on our only road. Share this! #NoToTollRoad #WWE"),
        (1, 2, "No toll on our only road. Tag your MP. #NoToTollRoad"),
        # A copy of another's whole text is a copy, not a talking point; the
        # tags it carries do not make it a different text.
        (2, 3, "Nobody voted for this land grab. Time to act. #GTA6"),
        (3, 4, "Nobody voted for this land grab. Time to act! #NoToTollRoad"),
        # A line only its own author repeats, and a line too short to claim anything.
        (4, 5, "The pumps failed again on Mill Lane. Stay safe."),
        (5, 5, "The pumps failed again on Mill Lane. Thanks all."),
        (6, 6, "Stay safe. Share this!"),
    ]
    found = talking_points(said)
    assert (found.posts, found.repeating) == (7, 2)
    # The most repeated line is one in different texts, not a copied text's.
    assert (found.accounts, found.examples) == (2, [0, 1])
    # Examples show each author saying it before any author's second post.
    again = [(0, 1, "No toll on our only road. Share!"), (1, 1, "No toll on our only road. Go!")]
    again.append((2, 2, "No toll on our only road. Tag your MP."))
    assert talking_points(again).examples == [0, 2, 1]
    assert sentences("Share this! 我们的土地不能被抢走，我们要发声！ #Tag") == {
        "我们的土地不能被抢走 我们要发声"
    }
    # A link's path is no sentence: a shared page with one's own words is no talking point.
    page = "https://example.org/news/why-the-council-sold-the-park"
    shared = [(0, 1, f"Read this. {page}"), (1, 2, f"Look here now {page}"), (2, 3, page)]
    assert talking_points(shared).repeating == 0
