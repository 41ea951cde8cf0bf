"""The Workflow Builder step: signed `function_executed` events over real HTTP.

The fake Slack takes each execution's completion once, checks the outputs
against manifest.yml's `output_parameters`, and records the token of every
call, so these tests see what Slack would: which outputs, which reason, which
token posted the card and which ended the step.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from client import SlackClient, bot_settings
from factories import record, write_jsonl
from fakes import BOT_TOKEN, WORKFLOW_TOKEN, Call, FakeSlack, blocks_text, header_of, in_channel
from known import KnownData

from bot.app import build_bot
from handlers.ids import Callback
from handlers.workflow import StepInput, StepOutput, read_step_target
from storage.db import Store, open_store
from storage.ingest import ingest_file
from storage.links import TargetError

STEP = str(Callback.CHECK_STEP)
COMPLETED = "functions.completeSuccess"
FAILED = "functions.completeError"


def of_execution(execution_id: str) -> Callable[[Call], bool]:
    """A predicate for the completion calls of one execution."""
    return lambda call: call.body.get("function_execution_id") == execution_id


def new_execution() -> str:
    return f"Fx{uuid.uuid4().hex[:10].upper()}"


def outputs_of(call: Call) -> dict[str, Any]:
    """The outputs a functions.completeSuccess call carried (JSON-encoded in its form)."""
    outputs = call.body["outputs"]
    return json.loads(outputs) if isinstance(outputs, str) else outputs


def test_step_completes_with_the_verdict_and_a_link_to_the_card_it_posted(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str
) -> None:
    execution = new_execution()
    inputs = {StepInput.TARGET: f"x:@{known.network[0]}", StepInput.CHANNEL: channel}

    response = slack_client.function_executed(STEP, inputs, execution_id=execution)

    assert response.status_code == 200
    (done,) = fake_slack.wait_for(COMPLETED, of_execution(execution))
    outputs = outputs_of(done)
    assert outputs[StepOutput.VERDICT] == "Likely coordinated"
    assert 0.5 < outputs[StepOutput.SCORE] <= 1
    assert outputs[StepOutput.CLUSTER_SIZE] == len(known.network)
    (card,) = fake_slack.calls_of("chat.postMessage", in_channel(channel))
    assert header_of(card.body).startswith("Likely coordinated")
    assert known.network[0] in blocks_text(card.body)
    (permalink,) = fake_slack.calls_of("chat.getPermalink", in_channel(channel))
    assert permalink.body["message_ts"] == card.result["ts"]
    assert outputs[StepOutput.CARD_LINK] == permalink.result["permalink"]
    # The card with the app's own token (its buttons outlive the step), the end with the step's.
    assert card.token == BOT_TOKEN and done.token == WORKFLOW_TOKEN
    assert not fake_slack.calls_of(FAILED, of_execution(execution))


def test_step_without_a_channel_posts_no_card_and_gives_no_link(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData
) -> None:
    execution = new_execution()
    handle = known.ordinary[3]

    slack_client.function_executed(
        STEP, {StepInput.TARGET: f"https://x.com/{handle}"}, execution_id=execution
    )

    (done,) = fake_slack.wait_for(COMPLETED, of_execution(execution))
    outputs = outputs_of(done)
    assert outputs == {
        StepOutput.VERDICT: "No coordination signal",
        StepOutput.SCORE: outputs[StepOutput.SCORE],
        StepOutput.CLUSTER_SIZE: 0,
    }
    assert outputs[StepOutput.SCORE] < 0.5
    assert not [c for c in fake_slack.calls_of("chat.postMessage") if handle in blocks_text(c.body)]


def test_step_reads_the_one_target_in_a_message_text(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData
) -> None:
    execution = new_execution()
    text = f"can someone look at <https://x.com/{known.network[2]}> please"

    slack_client.function_executed(STEP, {StepInput.TARGET: text}, execution_id=execution)

    (done,) = fake_slack.wait_for(COMPLETED, of_execution(execution))
    assert outputs_of(done)[StepOutput.VERDICT] == "Likely coordinated"


@pytest.mark.parametrize(
    ("target", "says"),
    [
        ("", "Nothing to check"),
        ("jane doe!!", "cibwatch cannot read the target"),
        ("see @one and @two", "checks one at a time"),
    ],
    ids=["empty", "unreadable", "several"],
)
def test_bad_target_fails_the_step_with_the_reason(
    slack_client: SlackClient, fake_slack: FakeSlack, target: str, says: str
) -> None:
    execution = new_execution()

    response = slack_client.function_executed(
        STEP, {StepInput.TARGET: target}, execution_id=execution
    )

    assert response.status_code == 200
    (failed,) = fake_slack.wait_for(FAILED, of_execution(execution))
    assert says in failed.body["error"]
    assert "\n" not in failed.body["error"] and "Traceback" not in failed.body["error"]
    assert failed.token == WORKFLOW_TOKEN
    assert not fake_slack.calls_of(COMPLETED, of_execution(execution))


def test_redelivered_step_event_is_answered_once(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str
) -> None:
    execution = new_execution()
    inputs = {StepInput.TARGET: f"@{known.network[1]}", StepInput.CHANNEL: channel}

    first = slack_client.function_executed(STEP, inputs, execution_id=execution, event_id="EvWF1")
    retries = [
        slack_client.function_executed(
            STEP, inputs, execution_id=execution, event_id="EvWF1", retry_num=n
        )
        for n in (1, 2, 3)
    ]

    assert first.status_code == 200 and all(r.status_code == 200 for r in retries)
    fake_slack.wait_for(COMPLETED, of_execution(execution))
    time.sleep(0.7)  # give any second answer the time to arrive
    completions = fake_slack.calls_of(COMPLETED, of_execution(execution))
    assert len(completions) == 1 and completions[0].ok
    assert not fake_slack.calls_of(FAILED, of_execution(execution))
    assert len(fake_slack.calls_of("chat.postMessage", in_channel(channel))) == 1


def test_step_fails_with_how_to_invite_the_bot_when_it_is_not_in_the_channel(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str
) -> None:
    execution = new_execution()
    fake_slack.fail("chat.postMessage", "not_in_channel", channel=channel)

    slack_client.function_executed(
        STEP,
        {StepInput.TARGET: f"@{known.network[4]}", StepInput.CHANNEL: channel},
        execution_id=execution,
    )

    (failed,) = fake_slack.wait_for(FAILED, of_execution(execution))
    assert channel in failed.body["error"] and "/invite @cibwatch" in failed.body["error"]


def test_busy_pool_fails_the_step_at_once(
    fake_slack: FakeSlack,
    known_data_and_store: tuple[KnownData, Store, str],
    serve_bot: Callable[..., AbstractContextManager[str]],
) -> None:
    known, store, url = known_data_and_store
    bot = build_bot(bot_settings(fake_slack, url, check_workers=1), store, "http")
    release = threading.Event()
    refused: list[Exception] = []
    for _ in range(bot.runtime.pool.max_pending):  # every place in the pool taken
        bot.runtime.pool.submit(release.wait, on_error=refused.append)
    execution = new_execution()
    try:
        with serve_bot(bot, store) as base_url:
            client = SlackClient(base_url, fake_slack)
            response = client.function_executed(
                STEP, {StepInput.TARGET: f"@{known.network[5]}"}, execution_id=execution
            )
            (failed,) = fake_slack.wait_for(FAILED, of_execution(execution))
            client.http.close()
            release.set()
    finally:
        release.set()

    assert response.status_code == 200 and not refused
    assert "busy" in failed.body["error"] and "Try again" in failed.body["error"]
    assert not fake_slack.calls_of(COMPLETED, of_execution(execution))


def test_unavailable_store_fails_the_step_with_the_reason(
    fake_slack: FakeSlack,
    tmp_path: Path,
    start_bot: Callable[..., AbstractContextManager[str]],
) -> None:
    path = tmp_path / "store.db"
    url = f"sqlite:///{path}"
    store = open_store(url)
    execution = new_execution()
    with start_bot(store, url) as base_url:
        # The store's volume goes away: its file is gone and cannot be made again.
        for leftover in tmp_path.glob("store.db*"):
            leftover.unlink()
        path.mkdir()
        store.dispose()
        client = SlackClient(base_url, fake_slack)
        response = client.function_executed(
            STEP, {StepInput.TARGET: "@somebody"}, execution_id=execution
        )
        (failed,) = fake_slack.wait_for(FAILED, of_execution(execution))
        client.http.close()
    shutil.rmtree(path)
    store.dispose()

    assert response.status_code == 200
    assert "cannot reach its store" in failed.body["error"]
    assert not fake_slack.calls_of(COMPLETED, of_execution(execution))


def test_before_the_first_sweep_the_step_says_not_swept_yet(
    fake_slack: FakeSlack,
    tmp_path: Path,
    start_bot: Callable[..., AbstractContextManager[str]],
) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = open_store(url)
    posts = [record("1", "freshly_loaded"), record("2", "freshly_loaded")]
    ingest_file(store, write_jsonl(tmp_path / "posts.jsonl", posts))
    execution = new_execution()
    with start_bot(store, url) as base_url:
        client = SlackClient(base_url, fake_slack)
        client.function_executed(
            STEP, {StepInput.TARGET: "x:@freshly_loaded"}, execution_id=execution
        )
        (done,) = fake_slack.wait_for(COMPLETED, of_execution(execution))
        client.http.close()
    store.dispose()

    # As the card says it: a workflow branching on the verdict must not read "no signal".
    assert outputs_of(done)[StepOutput.VERDICT] == "Not swept yet"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("x:@jane", "x:@jane"),
        ("<https://x.com/jane|x.com/jane>", "x:@jane"),
        ("please check https://x.com/jane now", "x:@jane"),
        ("what about @jane?", "@jane"),
    ],
)
def test_step_target_is_one_target_or_a_text_naming_one(text: str, label: str) -> None:
    assert read_step_target(text).label() == label


@pytest.mark.parametrize("text", ["", "   ", "no targets in here", "@one and @two", None, 42])
def test_step_target_without_exactly_one_target_is_refused(text: object) -> None:
    with pytest.raises(TargetError):
        read_step_target(text)
