"""Fixtures for the Slack bot tests: a local Slack, a real store, the real app over HTTP.

- `fake_slack`: the local Slack Web API (see fakes.FakeSlack), emptied per test.
- `network_store`: a SQLite store loaded through `ingest_file` with a known
  coordinated network and ordinary accounts, then swept (`run_sweep`).
- `bot_url`: the real app (`bot.server.create_asgi`) on uvicorn in a thread
  (`start_bot` / `serve_bot` serve one built with other settings or by the test).
- `slack_client`: sends that app correctly signed requests over HTTP.

The store and the app are built once per session; each test uses its own
`channel`, so late calls from another test's worker threads cannot match.
"""

from __future__ import annotations

import functools
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import orjson
import pytest
import uvicorn
from client import SlackClient, bot_settings
from fakes import GROUP_MEMBER, REVIEWER, REVIEWER_GROUP, FakeSlack
from known import KnownData, generate_records
from sqlalchemy import delete

from bot.app import Bot, build_bot
from bot.server import bound_socket, create_asgi
from services.sweeps import run_sweep
from storage.db import Store, open_store
from storage.ingest import ingest_file
from storage.models import CheckLog, Flag

#: bench/generate.py's data set for the end-to-end verdict tests (about 2 s to build).
GENERATED_POSTS = 4000
GENERATED_SEED = 7


@pytest.fixture(scope="session")
def fake_slack_server() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_slack(fake_slack_server: FakeSlack) -> Iterator[FakeSlack]:
    """The local Slack, emptied for this test; fails the test on Block Kit over the limits."""
    fake_slack_server.reset()
    yield fake_slack_server
    problems = fake_slack_server.problems
    assert not problems, f"Block Kit over Slack's limits: {problems}"


def known_store(folder: Path, **variant: str) -> tuple[KnownData, Store, str]:
    """generate_records' data ingested with ingest_file into a SQLite file in `folder`, swept.

    `variant`: generate_records' `hashtag` or `article`, for the network's posts.
    """
    records, known = generate_records(**variant)
    path = folder / "posts.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    url = f"sqlite:///{folder / 'store.db'}"
    store = open_store(url)
    report = ingest_file(store, path)
    assert report.loaded == len(records) and report.rejected == 0
    summary = run_sweep(store)
    assert summary.likely >= len(known.network)
    return known, store, url


@pytest.fixture(scope="session")
def known_data_and_store(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[KnownData, Store, str]]:
    """(what is in it, the store, its URL): ingested with ingest_file, then swept."""
    known, store, url = known_store(tmp_path_factory.mktemp("slackstore"))
    yield known, store, url
    store.dispose()


@pytest.fixture(scope="session")
def known(known_data_and_store: tuple[KnownData, Store, str]) -> KnownData:
    """Handles, post ids and links of the generated store."""
    return known_data_and_store[0]


@pytest.fixture(scope="session")
def network_store(known_data_and_store: tuple[KnownData, Store, str]) -> Store:
    """The swept store with the known network."""
    return known_data_and_store[1]


@contextmanager
def running_bot(fake: FakeSlack, store: Store, url: str, **settings: Any) -> Iterator[str]:
    """The bot in HTTP mode (bot.server's ASGI app on uvicorn) on a free port; yields its URL.

    `settings` override bot_settings' values (e.g. reviewers=...).
    """
    with serving(build_bot(bot_settings(fake, url, **settings), store, "http"), store) as base_url:
        yield base_url


@contextmanager
def serving(bot: Bot, store: Store) -> Iterator[str]:
    """A bot built with build_bot, served like `running_bot`; yields its URL, closes it after."""
    sock = bound_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_asgi(bot.app, store, bot), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


@pytest.fixture
def start_bot(fake_slack_server: FakeSlack) -> Callable[..., AbstractContextManager[str]]:
    """`running_bot` on the local Slack: `with start_bot(store, url, reviewers=...) as base_url:`."""
    return functools.partial(running_bot, fake_slack_server)


@pytest.fixture
def own_known_bot(
    tmp_path: Path, fake_slack_server: FakeSlack
) -> Callable[..., AbstractContextManager[tuple[SlackClient, KnownData]]]:
    """A bot over a known store of the test's own, built with `known_store`'s variant:
    `with own_known_bot(article=...) as (client, known):`."""

    @contextmanager
    def own(**variant: str) -> Iterator[tuple[SlackClient, KnownData]]:
        known, store, url = known_store(tmp_path, **variant)
        try:
            with running_bot(fake_slack_server, store, url) as base_url:
                client = SlackClient(base_url, fake_slack_server)
                try:
                    yield client, known
                finally:
                    client.http.close()
        finally:
            store.dispose()

    return own


@pytest.fixture
def serve_bot() -> Callable[[Bot, Store], AbstractContextManager[str]]:
    """`serving`, for a bot a test built itself: `with serve_bot(bot, store) as base_url:`."""
    return serving


@pytest.fixture(scope="session")
def bot_url(
    fake_slack_server: FakeSlack, known_data_and_store: tuple[KnownData, Store, str]
) -> Iterator[str]:
    """The bot over the store with the hand-made network."""
    _, store, url = known_data_and_store
    with running_bot(fake_slack_server, store, url) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def generated_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[list, Store, str]]:
    """(truth rows, store, URL): bench/generate.py's data with decoys, ingested and swept."""
    from generate import generate, write_records  # bench/, put on sys.path by tests/conftest.py

    folder = tmp_path_factory.mktemp("generated")
    records, truth = generate(GENERATED_POSTS, seed=GENERATED_SEED)
    path = folder / "posts.jsonl"
    write_records(records, path)
    url = f"sqlite:///{folder / 'store.db'}"
    store = open_store(url)
    ingest_file(store, path)
    run_sweep(store)
    yield truth, store, url
    store.dispose()


@pytest.fixture(scope="session")
def generated_bot_url(
    fake_slack_server: FakeSlack, generated_store: tuple[list, Store, str]
) -> Iterator[str]:
    """The bot over the generated store."""
    _, store, url = generated_store
    with running_bot(fake_slack_server, store, url) as base_url:
        yield base_url


@pytest.fixture
def slack_client(bot_url: str, fake_slack: FakeSlack) -> Iterator[SlackClient]:
    """Signed requests to the running bot."""
    client = SlackClient(bot_url, fake_slack)
    yield client
    client.http.close()


@pytest.fixture
def channel() -> str:
    """A channel id of this test's own, so late calls of other tests cannot match."""
    return "C" + uuid.uuid4().hex[:10].upper()


# ---------------------------------------------------------------------------
# The review bot: reviewers configured, its own store (flags change verdicts)
# ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def review_store(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[KnownData, Store, str]]:
    """The known network in a store of its own, so flags cannot change other tests' verdicts."""
    known, store, url = known_store(tmp_path_factory.mktemp("reviewstore"))
    yield known, store, url
    store.dispose()


@pytest.fixture(scope="session")
def review_bot_url(
    fake_slack_server: FakeSlack, review_store: tuple[KnownData, Store, str]
) -> Iterator[str]:
    """The bot over `review_store`, with CIBWATCH_REVIEWERS = REVIEWER and REVIEWER_GROUP."""
    _, store, url = review_store
    reviewers = f"{REVIEWER}, {REVIEWER_GROUP}"
    with running_bot(fake_slack_server, store, url, reviewers=reviewers) as base_url:
        yield base_url


@pytest.fixture
def review_client(
    review_bot_url: str, fake_slack: FakeSlack, review_store: tuple[KnownData, Store, str]
) -> Iterator[SlackClient]:
    """Signed requests to the review bot; no flags or checks in its store; the group on Slack."""
    store = review_store[1]
    with store.session() as session:  # tests start from no decisions (the app never deletes)
        session.execute(delete(Flag))
        session.execute(delete(CheckLog))
    fake_slack.usergroups[REVIEWER_GROUP] = [GROUP_MEMBER]
    client = SlackClient(review_bot_url, fake_slack)
    yield client
    client.http.close()
