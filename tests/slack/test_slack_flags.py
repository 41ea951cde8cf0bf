"""Reviewers flag from Slack: forms from card buttons, slash commands, the shortcut, exports.

Everything goes through signed requests to the running review bot (reviewers:
REVIEWER and the members of REVIEWER_GROUP) and a local Slack; effects are
read back through the same services `cibwatch check` and `cibwatch sweep` use.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import orjson
import pytest
from client import SlackClient, review_form
from factories import write_jsonl
from fakes import (
    BOT_TOKEN,
    GROUP_MEMBER,
    REVIEWER,
    Call,
    FakeSlack,
    blocks_of,
    blocks_text,
    in_channel,
    mrkdwn_texts,
    view_of,
)
from known import KnownData, generate_records
from slack_sdk import WebClient
from sqlmodel import col, select

from detection.verdict import Level
from handlers.ids import Action, Callback, Field
from handlers.reviewers import NotAReviewer, Reviewers
from services.checks import check_target
from services.sweeps import run_sweep, write_sweep_csv
from storage.db import Store, open_store
from storage.ingest import ingest_file
from storage.models import Account, Flag

ReviewStore = tuple[KnownData, Store, str]
CARD_TS = "1700000000.000100"


def card_value(handle: str, cluster: int | None = 1) -> str:
    """The value a verdict card's buttons carry for @handle."""
    return orjson.dumps({"t": f"@{handle}", "a": [f"x:@{handle}"], "c": cluster}).decode()


def flags_in(store: Store) -> list[tuple[str, str, str, str, str | None]]:
    """Every stored flag as (handle, label, reviewer, reason, channel), oldest first."""
    with store.session() as session:
        query = (
            select(Flag, Account)
            .join(Account, col(Account.id) == col(Flag.account_id))
            .order_by(col(Flag.id))
        )
        return [
            (a.handle, f.label, f.reviewer, f.reason, f.channel) for f, a in session.exec(query)
        ]


def answer_text(client: SlackClient, ack: dict[str, Any]) -> str:
    """The ack's text, and the first response_url answer's when the ack only said "Recording"."""
    text = blocks_text(ack)
    if "Recording" in text or "Exporting" in text:
        (answer,) = client.fake.wait_for("response")
        text = blocks_text(answer.body)
    return text


def reviewer_flags_from_card(
    client: SlackClient, handle: str, channel: str, label_action: str, values: dict[str, Any]
) -> Call:
    """REVIEWER clicks a review button on @handle's card and submits `values`: the chat.update."""
    client.click(label_action, card_value(handle), channel=channel, user=REVIEWER)
    (opened,) = client.fake.wait_for("views.open")
    client.submit_view(view_of(opened), values, user=REVIEWER)
    (updated,) = client.fake.wait_for("chat.update", in_channel(channel))
    return updated


# ---------------------------------------------------------------------------
# The form from card buttons
# ---------------------------------------------------------------------------


def test_reviewer_flag_from_card_is_stored_and_the_card_updated_in_place(
    review_client: SlackClient, fake_slack: FakeSlack, review_store: ReviewStore, channel: str
) -> None:
    known, store, _ = review_store
    handle = known.network[0]

    started = time.monotonic()
    response = review_client.click(Action.FLAG, card_value(handle), channel=channel, user=REVIEWER)

    assert response.status_code == 200 and time.monotonic() - started < 3.0
    (opened,) = fake_slack.wait_for("views.open")
    view = view_of(opened)
    assert opened.body["trigger_id"].startswith("trig.")
    assert view["callback_id"] == Callback.FLAG_MODAL
    assert f"x:@{handle}" in blocks_text(opened.body)
    reason = "same serial-numbered texts as the June push"
    evidence = "https://reports.example.org/june"

    submitted = review_client.submit_view(
        view, review_form("coordinated", reason, evidence=evidence), user=REVIEWER
    )

    assert submitted.status_code == 200 and submitted.text in ("", "null")  # closes the form
    (updated,) = fake_slack.wait_for("chat.update", in_channel(channel))
    assert updated.body["ts"] == CARD_TS
    text = blocks_text(updated.body)
    assert "flagged coordinated* by <@UREVIEWER> just now" in text
    assert reason in text
    assert flags_in(store) == [(handle, "coordinated", REVIEWER, reason, channel)]
    with store.session() as session:
        (flag,) = session.exec(select(Flag)).all()
    assert flag.evidence_url == evidence


def test_benign_from_card_is_preselected_and_lowers_the_account(
    review_client: SlackClient, fake_slack: FakeSlack, review_store: ReviewStore, channel: str
) -> None:
    known, store, _ = review_store
    handle = known.network[1]

    review_client.click(Action.BENIGN, card_value(handle), channel=channel, user=REVIEWER)
    (opened,) = fake_slack.wait_for("views.open")
    radio = next(b for b in view_of(opened)["blocks"] if b.get("block_id") == Field.LABEL)
    assert radio["element"]["initial_option"]["value"] == "benign"
    review_client.submit_view(
        view_of(opened), review_form("benign", "a local newspaper"), user=REVIEWER
    )
    (updated,) = fake_slack.wait_for("chat.update", in_channel(channel))

    assert "No coordination signal" in blocks_text(updated.body)
    verdict = check_target(store, f"@{handle}")
    assert verdict.level is Level.NONE and verdict.score <= 0.1
    assert verdict.flags[0].label == "benign"


def test_flag_on_an_ephemeral_card_replaces_it_through_its_response_url(
    review_client: SlackClient, fake_slack: FakeSlack, review_store: ReviewStore, channel: str
) -> None:
    known, store, _ = review_store
    handle = known.network[3]
    response_url = fake_slack.response_url()
    review_client.interaction(
        {
            "type": "block_actions",
            "user": {"id": REVIEWER, "username": "reviewer", "team_id": "T0TEST"},
            "container": {
                "type": "message",
                "message_ts": CARD_TS,
                "channel_id": channel,
                "is_ephemeral": True,
            },
            "channel": {"id": channel, "name": "investigations"},
            "response_url": response_url,
            "actions": [{"type": "button", "action_id": Action.FLAG, "value": card_value(handle)}],
        }
    )
    (opened,) = fake_slack.wait_for("views.open")

    review_client.submit_view(view_of(opened), review_form(reason="only I saw it"), user=REVIEWER)

    (replaced,) = fake_slack.wait_for(
        "response", lambda c: c.path.endswith(response_url.rsplit("/", 1)[-1])
    )
    assert replaced.body["replace_original"] is True
    assert "flagged coordinated" in blocks_text(replaced.body)
    assert not fake_slack.calls_of("chat.update")
    assert flags_in(store) == [(handle, "coordinated", REVIEWER, "only I saw it", channel)]


def test_form_without_an_account_ticked_or_with_a_bad_link_is_sent_back_with_errors(
    review_client: SlackClient, fake_slack: FakeSlack, review_store: ReviewStore, channel: str
) -> None:
    known, store, _ = review_store
    review_client.click(Action.FLAG, card_value(known.network[2]), channel=channel, user=REVIEWER)
    (opened,) = fake_slack.wait_for("views.open")

    answer = review_client.submit_view(
        view_of(opened), review_form(accounts=(), evidence="javascript:alert(1)"), user=REVIEWER
    ).json()

    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {Field.ACCOUNTS, Field.EVIDENCE}
    assert flags_in(store) == []


def test_non_reviewer_click_is_refused_ephemerally_logged_and_nothing_stored(
    review_client: SlackClient,
    fake_slack: FakeSlack,
    review_store: ReviewStore,
    channel: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    known, store, _ = review_store
    caplog.set_level(logging.WARNING, logger="handlers.reviewers")

    started = time.monotonic()
    response = review_client.click(Action.FLAG, card_value(known.network[3]), channel=channel)

    assert response.status_code == 200 and time.monotonic() - started < 3.0
    (answer,) = fake_slack.wait_for("response")
    assert answer.body["response_type"] == "ephemeral"
    assert "Only reviewers can flag" in blocks_text(answer.body)
    for opened in fake_slack.calls_of("views.open"):  # a light modal may have opened first:
        assert "Record decision" not in blocks_text(opened.body)  # never the form itself
    assert "refused flag by UANALYST" in caplog.text
    assert flags_in(store) == []
    assert not fake_slack.calls_of("chat.update")


def test_form_submitted_by_a_non_reviewer_records_nothing(
    review_client: SlackClient, fake_slack: FakeSlack, review_store: ReviewStore, channel: str
) -> None:
    known, store, _ = review_store
    review_client.click(Action.FLAG, card_value(known.network[3]), channel=channel, user=REVIEWER)
    (opened,) = fake_slack.wait_for("views.open")

    review_client.submit_view(view_of(opened), review_form(reason="me too"), user="UINTRUDER")

    (told,) = fake_slack.wait_for("chat.postEphemeral", in_channel(channel))
    assert told.body["user"] == "UINTRUDER"
    assert "Only reviewers can flag" in blocks_text(told.body)
    assert flags_in(store) == []
    assert not fake_slack.calls_of("chat.update")


def test_user_group_member_may_flag_and_membership_comes_from_usergroups_users_list(
    review_client: SlackClient, fake_slack: FakeSlack, review_store: ReviewStore, channel: str
) -> None:
    known, store, _ = review_store
    handle = known.network[4]

    ack = review_client.command(
        f"flag @{handle} seen in the push", channel=channel, user=GROUP_MEMBER
    )

    text = answer_text(review_client, ack.json())
    assert f"x:@{handle}" in text and "flagged coordinated" in text
    assert flags_in(store) == [(handle, "coordinated", GROUP_MEMBER, "seen in the push", channel)]


def test_flag_whole_cluster_shows_the_count_then_flags_every_member(
    review_client: SlackClient, fake_slack: FakeSlack, review_store: ReviewStore, channel: str
) -> None:
    known, store, _ = review_store
    size = len(known.network)

    started = time.monotonic()
    review_client.click(
        Action.FLAG_CLUSTER, card_value(known.network[5]), channel=channel, user=REVIEWER
    )

    assert time.monotonic() - started < 3.0
    (opened,) = fake_slack.wait_for("views.open")
    assert "Getting the review form ready" in blocks_text(opened.body)
    (filled,) = fake_slack.wait_for("views.update")
    view = view_of(filled)
    assert f"all {size} accounts" in blocks_text(filled.body)
    assert view["submit"]["text"] == f"Flag {size} accounts"

    review_client.submit_view(view, review_form(reason="one operation", accounts=()), user=REVIEWER)

    (updated,) = fake_slack.wait_for("chat.update", in_channel(channel))
    assert f"and {size - 5} more *flagged coordinated* by <@UREVIEWER>" in blocks_text(updated.body)
    stored = flags_in(store)
    assert sorted(h for h, *_ in stored) == sorted(known.network)
    assert {(label, who, why) for _, label, who, why, _ in stored} == {
        ("coordinated", REVIEWER, "one operation")
    }


def test_whole_cluster_flag_is_refused_when_the_cluster_changed_since_the_count(
    review_client: SlackClient, fake_slack: FakeSlack, review_store: ReviewStore, channel: str
) -> None:
    known, store, _ = review_store
    review_client.click(
        Action.FLAG_CLUSTER, card_value(known.network[5]), channel=channel, user=REVIEWER
    )
    (filled,) = fake_slack.wait_for("views.update")
    view = view_of(filled)
    metadata = json.loads(view["private_metadata"])
    view["private_metadata"] = json.dumps({**metadata, "n": metadata["n"] - 1})

    review_client.submit_view(view, review_form(accounts=()), user=REVIEWER)

    (told,) = fake_slack.wait_for("chat.postEphemeral", in_channel(channel))
    assert f"changed since you confirmed {len(known.network) - 1} accounts" in blocks_text(
        told.body
    )
    assert flags_in(store) == []


def test_whole_cluster_form_submitted_after_a_new_sweep_records_nothing(
    fake_slack: FakeSlack,
    start_bot: Callable[..., AbstractContextManager[str]],
    tmp_path: Path,
    channel: str,
) -> None:
    records, known = generate_records()
    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = open_store(url)
    ingest_file(store, write_jsonl(tmp_path / "posts.jsonl", records))
    run_sweep(store)
    with start_bot(store, url, reviewers=REVIEWER) as base_url:
        client = SlackClient(base_url, fake_slack)
        client.click(
            Action.FLAG_CLUSTER, card_value(known.network[5]), channel=channel, user=REVIEWER
        )
        (filled,) = fake_slack.wait_for("views.update")
        view = view_of(filled)
        assert f"all {len(known.network)} accounts" in blocks_text(filled.body)
        # A sweep between opening and submitting (any `/cib digest now` may run one)
        # stores every cluster anew, the same network among them.
        assert run_sweep(store, force=True).clusters >= 1

        client.submit_view(view, review_form(reason="one operation", accounts=()), user=REVIEWER)

        (told,) = fake_slack.wait_for("chat.postEphemeral", in_channel(channel))
        client.http.close()
    assert "Nothing was recorded" in blocks_text(told.body)
    assert "a new sweep ran" in blocks_text(told.body)
    assert flags_in(store) == []
    assert not fake_slack.calls_of("chat.update", in_channel(channel))
    store.dispose()


# ---------------------------------------------------------------------------
# Slash commands, history, and the effect on checks and the sweep CSV
# ---------------------------------------------------------------------------


def test_flags_change_the_next_check_of_the_account_its_neighbours_and_the_sweep_csv(
    review_client: SlackClient,
    fake_slack: FakeSlack,
    review_store: ReviewStore,
    channel: str,
    tmp_path: Path,
) -> None:
    known, store, _ = review_store
    confirmed, neighbour, benign = known.network[6], known.network[7], known.network[8]
    before = check_target(store, f"@{neighbour}")

    ack = review_client.command(
        f"flag @{confirmed} runs the June push", channel=channel, user=REVIEWER
    )
    assert "flagged coordinated" in answer_text(review_client, ack.json())
    reviewer_flags_from_card(
        review_client, benign, channel, Action.BENIGN, review_form("benign", "a bot")
    )

    lifted = check_target(store, f"@{neighbour}")
    assert lifted.score > before.score
    assert any("confirmed coordinated by reviewers" in e.text for e in lifted.evidence)
    flagged = check_target(store, f"@{confirmed}")
    assert flagged.level is Level.LIKELY and flagged.flags[0].reviewer == REVIEWER
    assert check_target(store, f"@{benign}").level is Level.NONE
    out = tmp_path / "sweep.csv"
    write_sweep_csv(store, out)
    rows = {r["author_handle"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    for handle in known.network:  # the CSV says what checks say
        verdict = check_target(store, f"@{handle}")
        assert rows[handle]["score"] == f"{verdict.score:.3f}", handle
        assert rows[handle]["verdict"] == str(verdict.level), handle
    assert rows[benign]["verdict"] == "No coordination signal"


def test_history_keeps_every_decision_and_unflag_records_cleared(
    review_client: SlackClient, fake_slack: FakeSlack, review_store: ReviewStore, channel: str
) -> None:
    known, store, _ = review_store
    handle = known.network[9]
    base = check_target(store, f"@{handle}").score

    first = review_client.command(f"flag @{handle} first look", channel=channel, user=REVIEWER)
    assert "flagged coordinated" in answer_text(review_client, first.json())
    fake_slack.reset()
    reviewer_flags_from_card(
        review_client, handle, channel, Action.WATCH, review_form("watch", "not sure")
    )
    fake_slack.reset()
    cleared = review_client.command(
        f"unflag @{handle} wrong account", channel=channel, user=REVIEWER
    )
    assert "flag cleared" in answer_text(review_client, cleared.json())

    assert flags_in(store) == [
        (handle, "coordinated", REVIEWER, "first look", channel),
        (handle, "watch", REVIEWER, "not sure", channel),
        (handle, "cleared", REVIEWER, "wrong account", channel),
    ]
    verdict = check_target(store, f"@{handle}")
    assert [f.label for f in verdict.flags] == ["cleared", "watch", "coordinated"]
    assert verdict.score == base
    fake_slack.reset()
    again = review_client.command(f"unflag @{handle}", channel=channel, user=REVIEWER)
    assert "has no flag to clear" in answer_text(review_client, again.json())
    assert len(flags_in(store)) == 3


def test_non_reviewer_slash_flag_is_refused_and_nothing_stored(
    review_client: SlackClient, review_store: ReviewStore, channel: str
) -> None:
    known, store, _ = review_store

    ack = review_client.command(f"flag @{known.network[10]} spam", channel=channel).json()

    assert ack["response_type"] == "ephemeral"
    assert "Only reviewers can flag" in answer_text(review_client, ack)
    assert flags_in(store) == []


def test_a_replayed_signed_slash_flag_records_one_flag(
    review_client: SlackClient, fake_slack: FakeSlack, review_store: ReviewStore, channel: str
) -> None:
    known, store, _ = review_store
    body = review_client.command_body(
        f"flag @{known.network[9]} seen in the push", channel=channel, user=REVIEWER
    )
    signed_at = int(time.time())

    first = review_client.post(body, "application/x-www-form-urlencoded", timestamp=signed_at)
    replay = review_client.post(body, "application/x-www-form-urlencoded", timestamp=signed_at)

    assert first.status_code == replay.status_code == 200
    answers = fake_slack.wait_for("response", count=2)
    texts = sorted(blocks_text(a.body) for a in answers)
    assert any("flagged coordinated" in t for t in texts)
    assert any("already recorded once" in t and "Nothing was recorded" in t for t in texts)
    # The notification text of one decision on one account, in the singular.
    assert "Recorded: 1 account coordinated" in [a.body.get("text") for a in answers]
    assert flags_in(store) == [
        (known.network[9], "coordinated", REVIEWER, "seen in the push", channel)
    ]


def test_flag_reason_is_escaped_everywhere_it_is_echoed(
    review_client: SlackClient, fake_slack: FakeSlack, review_store: ReviewStore, channel: str
) -> None:
    known, store, _ = review_store
    handle = known.network[11]
    hostile = "<!channel> <!subteam^S1|@everyone> *bold* <@U1|bob> &lt;!here&gt;"

    ack = review_client.command(f"flag @{handle} {hostile}", channel=channel, user=REVIEWER)
    (answer,) = fake_slack.wait_for("response")
    reviewer_flags_from_card(
        review_client, handle, channel, Action.WATCH, review_form("watch", hostile)
    )
    (updated,) = fake_slack.wait_for("chat.update", in_channel(channel))

    assert flags_in(store)[0][3] == "@channel @everyone *bold* @bob <!here>"
    for body in (ack.json(), answer.body, updated.body):
        for text in mrkdwn_texts(blocks_of(body)):
            assert "<!" not in text and "<@U1" not in text, text


def test_flag_of_an_article_or_without_a_target_says_what_works(
    review_client: SlackClient, channel: str
) -> None:
    no_target = review_client.command("flag", channel=channel, user=REVIEWER).json()
    article = review_client.command(
        "flag https://news.example.com/story-1", channel=channel, user=REVIEWER
    ).json()

    assert "/cib flag @janedoe1234" in blocks_text(no_target)
    assert "cannot be flagged" in blocks_text(article)


# ---------------------------------------------------------------------------
# The "Flag author with cibwatch" shortcut
# ---------------------------------------------------------------------------


def test_flag_author_shortcut_offers_the_author_of_a_linked_post(
    review_client: SlackClient, fake_slack: FakeSlack, review_store: ReviewStore, channel: str
) -> None:
    known, store, _ = review_store
    handle, post_id = known.network[0], known.network_post_ids[0]
    message = {
        "type": "message",
        "user": "UOTHER",
        "ts": "1690000005.000100",
        "text": f"look: <https://x.com/{handle}/status/{post_id}>",
    }

    started = time.monotonic()
    review_client.message_shortcut(Callback.FLAG_AUTHOR, message, channel=channel, user=REVIEWER)

    assert time.monotonic() - started < 3.0
    fake_slack.wait_for("views.open")
    (filled,) = fake_slack.wait_for("views.update")
    assert f"x:@{handle}" in blocks_text(filled.body)
    review_client.submit_view(
        view_of(filled), review_form(reason="author of the post"), user=REVIEWER
    )
    (told,) = fake_slack.wait_for("chat.postEphemeral", in_channel(channel))
    assert told.body["user"] == REVIEWER and "flagged coordinated" in blocks_text(told.body)
    assert flags_in(store) == [(handle, "coordinated", REVIEWER, "author of the post", channel)]


def test_flag_author_shortcut_on_a_verdict_card_updates_that_card(
    review_client: SlackClient, fake_slack: FakeSlack, review_store: ReviewStore, channel: str
) -> None:
    known, store, _ = review_store
    handle = known.network[1]
    card = {
        "type": "message",
        "bot_id": "BCIBBOT",
        "ts": "1690000006.000100",
        "text": f"Likely coordinated (0.98): @{handle}",
        "blocks": [
            {
                "type": "actions",
                "elements": [
                    {"type": "button", "action_id": Action.FLAG, "value": card_value(handle)}
                ],
            }
        ],
    }

    review_client.message_shortcut(Callback.FLAG_AUTHOR, card, channel=channel, user=REVIEWER)
    (filled,) = fake_slack.wait_for("views.update")
    review_client.submit_view(view_of(filled), review_form(reason="from the card"), user=REVIEWER)

    (updated,) = fake_slack.wait_for("chat.update", in_channel(channel))
    assert updated.body["ts"] == "1690000006.000100"
    assert "flagged coordinated" in blocks_text(updated.body)


def test_flag_author_shortcut_on_a_message_without_accounts_says_so(
    review_client: SlackClient, fake_slack: FakeSlack, review_store: ReviewStore, channel: str
) -> None:
    message = {"type": "message", "user": "UOTHER", "ts": "1690000007.000100", "text": "hello"}

    review_client.message_shortcut(Callback.FLAG_AUTHOR, message, channel=channel, user=REVIEWER)

    (filled,) = fake_slack.wait_for("views.update")
    assert "no account handle, profile link or post link" in blocks_text(filled.body)
    assert flags_in(review_store[1]) == []


# ---------------------------------------------------------------------------
# Exports
# ---------------------------------------------------------------------------


def uploaded_csv(fake: FakeSlack) -> tuple[Call, list[dict[str, str]]]:
    """The files.completeUploadExternal call and the rows of the CSV it shared."""
    (complete,) = fake.wait_for("files.completeUploadExternal")
    files = complete.body["files"]
    (shared,) = json.loads(files) if isinstance(files, str) else files
    data = fake.uploaded_file(shared["id"]).decode("utf-8-sig")
    return complete, list(csv.DictReader(io.StringIO(data)))


def test_export_button_uploads_a_csv_of_every_member_to_the_cards_thread(
    review_client: SlackClient, fake_slack: FakeSlack, review_store: ReviewStore, channel: str
) -> None:
    known, _, _ = review_store

    started = time.monotonic()
    response = review_client.click(Action.EXPORT, card_value(known.network[2]), channel=channel)

    assert response.status_code == 200 and time.monotonic() - started < 3.0
    (announced,) = fake_slack.wait_for("files.getUploadURLExternal")
    (upload,) = fake_slack.wait_for("upload")
    assert int(announced.body["length"]) == upload.body["length"]
    complete, rows = uploaded_csv(fake_slack)
    assert complete.body["channel_id"] == channel and complete.body["thread_ts"] == CARD_TS
    assert f"{len(known.network)} accounts" in complete.body["initial_comment"]
    assert {r["author_handle"] for r in rows} == set(known.network)
    assert {r["post_id"] for r in rows} == set(known.network_post_ids)
    assert {r["verdict"] for r in rows} == {"Likely coordinated"}
    assert all(r["urls"].startswith("https://news.example.com/story-") for r in rows)
    assert "utm_source" not in "".join(r["urls"] for r in rows)  # canonical links


def test_slash_export_shares_the_csv_in_the_channel(
    review_client: SlackClient, fake_slack: FakeSlack, review_store: ReviewStore, channel: str
) -> None:
    known, _, _ = review_store

    ack = review_client.command(f"export @{known.ordinary[0]}", channel=channel).json()

    assert "Exporting" in blocks_text(ack)
    complete, rows = uploaded_csv(fake_slack)
    assert complete.body["channel_id"] == channel and not complete.body.get("thread_ts")
    assert {r["author_handle"] for r in rows} == {known.ordinary[0]}  # no cluster: itself


def test_export_of_a_target_not_in_store_or_where_the_bot_cannot_post_says_so(
    review_client: SlackClient, fake_slack: FakeSlack, review_store: ReviewStore, channel: str
) -> None:
    known, _, _ = review_store

    review_client.command("export @nobody_here", channel=channel)
    (nothing,) = fake_slack.wait_for("response")
    fake_slack.reset()
    fake_slack.fail("files.completeUploadExternal", "not_in_channel")
    review_client.command(f"export @{known.network[0]}", channel=channel)
    (invite,) = fake_slack.wait_for("response")

    assert "Nothing to export" in blocks_text(nothing.body)
    assert "/invite @cibwatch" in blocks_text(invite.body)


# ---------------------------------------------------------------------------
# Who may flag: user ids, and user groups read from Slack and cached
# ---------------------------------------------------------------------------


def test_reviewer_groups_come_from_usergroups_users_list_cached_for_the_ttl_and_fail_closed(
    fake_slack: FakeSlack,
) -> None:
    fake_slack.usergroups["SGROUP"] = ["UMEMBER"]
    now = [1000.0]
    reviewers = Reviewers(["UDIRECT", "SGROUP", "@not-an-id"], ttl=60, clock=lambda: now[0])
    client = WebClient(token=BOT_TOKEN, base_url=fake_slack.api_url)

    assert reviewers.known("UDIRECT") is True and reviewers.known("UMEMBER") is None
    assert reviewers.allows(client, "UMEMBER") and not reviewers.allows(client, "UOTHER")
    (asked,) = fake_slack.calls_of("usergroups.users.list")
    assert asked.body["usergroup"] == "SGROUP"
    assert reviewers.known("UOTHER") is False  # cached: no second call
    now[0] += 61
    fake_slack.usergroups["SGROUP"] = ["UOTHER"]
    assert reviewers.allows(client, "UOTHER")  # stale: asked again
    assert len(fake_slack.calls_of("usergroups.users.list")) == 2
    now[0] += 61
    fake_slack.fail("usergroups.users.list", "missing_scope")
    assert not reviewers.allows(client, "UOTHER")  # Slack said no: fail closed...
    assert reviewers.allows(client, "UOTHER")  # ...and nothing cached from the failure


def test_without_reviewers_nobody_may_flag_and_the_refusal_says_how_to_set_them_up() -> None:
    reviewers = Reviewers([])

    assert reviewers.known("UANYONE") is False
    with pytest.raises(NotAReviewer) as refused:
        reviewers.refuse("UANYONE", "flag")
    assert "CIBWATCH_REVIEWERS" in refused.value.hint


def test_flags_from_slack_work_on_postgresql_and_survive_a_restart(
    postgres_store: Store,
    fake_slack: FakeSlack,
    start_bot: Callable[..., AbstractContextManager[str]],
    tmp_path: Path,
    channel: str,
) -> None:
    records, known = generate_records()
    ingest_file(postgres_store, write_jsonl(tmp_path / "posts.jsonl", records))
    run_sweep(postgres_store)
    url = postgres_store.engine.url.render_as_string(hide_password=False)
    confirmed, neighbour = known.network[0], known.network[1]

    with start_bot(postgres_store, url, reviewers=REVIEWER) as base_url:
        client = SlackClient(base_url, fake_slack)
        ack = client.command(f"flag @{confirmed} on postgres", channel=channel, user=REVIEWER)
        assert "flagged coordinated" in answer_text(client, ack.json())
        client.http.close()
    postgres_store.dispose()

    reopened = open_store(url)  # a restart: a new Store on the same database
    try:
        assert flags_in(reopened) == [(confirmed, "coordinated", REVIEWER, "on postgres", channel)]
        lifted = check_target(reopened, f"@{neighbour}")
        assert any("confirmed coordinated by reviewers" in e.text for e in lifted.evidence)
    finally:
        reopened.dispose()
