"""Reviewer flags as services: recorded as history, fed back into checks, the sweep CSV,
the review queue and exports, on SQLite and on PostgreSQL alike.

Sweep results are written directly (queries.replace_sweep_results) with
chosen scores, so the flag rules' arithmetic can be checked exactly:
cluster A = a1 0.50, a2 0.45, a3 0.30, a4 0.90; cluster C = c1 0.70;
b1 has no signal and no cluster.
"""

from __future__ import annotations

import csv
import io
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from factories import record, write_jsonl

from detection.verdict import Level, level_for
from services.checks import check_target
from services.exports import export_accounts
from services.flags import (
    FlagError,
    RepeatedRequest,
    clear_flag,
    cluster_identity,
    recent_decisions,
    record_cluster_flag,
    record_flag,
    record_flags,
    request_key,
    review_queue,
)
from services.sweeps import write_sweep_csv
from storage import queries, sweepstate
from storage.db import Store, now_ts, open_store
from storage.ingest import ingest_file

SCORES = {"a1": 0.50, "a2": 0.45, "a3": 0.30, "a4": 0.90, "c1": 0.70}
CLUSTER_OF = {"a1": 0, "a2": 0, "a3": 0, "a4": 0, "c1": 1}
HANDLES = ["a1", "a2", "a3", "a4", "b1", "c1"]
POSTS_EACH = 3
FORMULA = '=HYPERLINK("http://evil.example","click")'


def post_id(handle: str, i: int) -> str:
    """Numeric, like X's post ids (so a post link to it can be parsed)."""
    return f"{HANDLES.index(handle) + 1}{i:03d}"


def store_sweep(store: Store, cluster_of: dict[str, int]) -> dict[str, int]:
    """Store sweep results as a sweep would: `cluster_of` handle -> cluster key, scores SCORES.

    Returns each handle's stored cluster id. Clusters are stored in key order.
    """
    with store.session() as session:
        ids = {h: queries.accounts_by_handle(session, h, "x")[0].id for h in HANDLES}
        keys = sorted(set(cluster_of.values()))
        rows = [
            queries.ClusterRow(key, size, {"x": size}, 1, 2, 0.9, {})
            for key in keys
            for size in [list(cluster_of.values()).count(key)]
        ]
        scores = [
            queries.ScoreRow(
                account_id=ids[h],  # type: ignore[arg-type]
                score=SCORES[h],
                verdict=str(level_for(SCORES[h])),
                cluster_key=key,
                evidence=[{"kind": "copy_paste", "text": f"{h} posted copies", "weight": 0.5}],
            )
            for h, key in cluster_of.items()
        ]
        now = now_ts()
        queries.replace_sweep_results(
            session,
            rows,
            scores,
            started_ts=now,
            finished_ts=now,
            max_pk=sweepstate.newest_post(session.connection()),
        )
        stored = {h: queries.score_of(session, ids[h]) for h in cluster_of}  # type: ignore[arg-type]
        return {h: row.cluster_id for h, row in stored.items() if row and row.cluster_id}


@pytest.fixture
def clusters(store: Store, tmp_path: Path) -> dict[str, int]:
    """The store above; returns the store id of cluster A ("A") and C ("C")."""
    records = [
        record(post_id(h, i), h, text=FORMULA if (h, i) == ("a1", 0) else f"post {i} of {h}")
        for h in HANDLES
        for i in range(POSTS_EACH)
    ]
    ingest_file(store, write_jsonl(tmp_path / "posts.jsonl", records))
    ids = store_sweep(store, CLUSTER_OF)
    return {"A": ids["a1"], "C": ids["c1"]}


def scores(store: Store) -> dict[str, float]:
    return {h: check_target(store, f"@{h}").score for h in HANDLES}


def test_coordinated_flag_lifts_the_account_and_its_cluster_neighbours_only(
    store: Store, clusters: dict[str, int]
) -> None:
    record_flag(store, "@a4", "coordinated", "UANA", "runs the push")

    after_one = scores(store)
    assert after_one == {"a1": 0.58, "a2": 0.53, "a3": 0.38, "a4": 0.97, "b1": 0.0, "c1": 0.70}
    assert check_target(store, "@a1").level is Level.SUSPICIOUS
    assert check_target(store, "@a2").evidence[0].text.startswith(
        "1 account of its cluster was confirmed coordinated by reviewers"
    )
    record_flag(store, "@a1", "coordinated", "UANA", "same texts")

    after_two = scores(store)
    assert after_two["a2"] == 0.61 and after_two["a3"] == 0.46  # two confirmed: +0.16
    assert check_target(store, "@a3").level is Level.SUSPICIOUS
    lifted = check_target(store, "@a2")
    assert lifted.evidence[0].text.startswith("2 accounts of its cluster were confirmed")


def test_benign_caps_the_account_and_confirms_nobody(
    store: Store, clusters: dict[str, int]
) -> None:
    record_flag(store, "@a4", "benign", "UANA", "a newspaper's feed")

    verdict = check_target(store, "@a4")
    assert verdict.score == 0.1 and verdict.level is Level.NONE
    assert scores(store)["a1"] == 0.5


def test_sweep_csv_agrees_with_checks_once_flags_are_in(
    store: Store, clusters: dict[str, int], tmp_path: Path
) -> None:
    record_flag(store, "@a4", "coordinated", "UANA")
    record_flag(store, "@a2", "benign", "UANA")
    record_flag(store, "@c1", "watch", "UANA")
    out = tmp_path / "sweep.csv"

    assert write_sweep_csv(store, out) == len(HANDLES)

    rows = {r["author_handle"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    for handle in HANDLES:
        verdict = check_target(store, f"@{handle}")
        assert (rows[handle]["score"], rows[handle]["verdict"]) == (
            f"{verdict.score:.3f}",
            str(verdict.level),
        ), handle
    assert rows["a1"]["score"] == "0.580"  # the neighbour lift, as in checks
    assert rows["a2"]["verdict"] == "No coordination signal"


def test_history_keeps_every_decision_and_the_newest_decides(
    store: Store, clusters: dict[str, int]
) -> None:
    record_flag(store, "@a4", "coordinated", "UANA", "first")
    record_flag(store, "@a4", "benign", "UBEN", "second thoughts")
    assert check_target(store, "@a4").score == 0.1
    cleared = clear_flag(store, "@a4", "UANA", "wrong account", channel="CREVIEW")

    assert cleared.label == "cleared" and cleared.accounts == ["x:@a4"]
    verdict = check_target(store, "@a4")
    assert [(f.label, f.reviewer, f.reason) for f in verdict.flags] == [
        ("cleared", "UANA", "wrong account"),
        ("benign", "UBEN", "second thoughts"),
        ("coordinated", "UANA", "first"),
    ]
    assert verdict.score == 0.9  # back to the sweep's own score
    with pytest.raises(FlagError, match="no flag to clear"):
        clear_flag(store, "@a4", "UANA")
    with store.session() as session:
        assert (
            len(queries.flags_of(session, [queries.accounts_by_handle(session, "a4", "x")[0].id]))
            == 3
        )  # type: ignore[list-item]


def test_whole_cluster_flag_covers_every_member_and_refuses_a_changed_count(
    store: Store, clusters: dict[str, int]
) -> None:
    shown = cluster_identity(store, clusters["A"])
    assert shown is not None and shown.size == 4
    with pytest.raises(FlagError, match="changed since you confirmed 3 accounts"):
        record_cluster_flag(store, replace(shown, size=3), "coordinated", "UANA")
    with pytest.raises(FlagError, match="is not the one you confirmed"):
        record_cluster_flag(store, replace(shown, members_digest="0" * 32), "coordinated", "UANA")
    with pytest.raises(FlagError, match="is gone"):
        record_cluster_flag(store, replace(shown, cluster_id=999_999), "coordinated", "UANA")
    assert check_target(store, "@a1").flags == []

    result = record_cluster_flag(store, shown, "coordinated", "UANA", "op A")

    assert sorted(result.accounts) == ["x:@a1", "x:@a2", "x:@a3", "x:@a4"]
    assert len(result.flag_ids) == 4
    assert scores(store)["a3"] == 0.97 and scores(store)["c1"] == 0.7


def test_whole_cluster_flag_refuses_a_cluster_of_another_sweep_and_ids_are_never_reused(
    store: Store, clusters: dict[str, int]
) -> None:
    # Two clusters of the same size; the reviewer is shown the first, {a1, a2}.
    first = store_sweep(store, {"a1": 0, "a2": 0, "a3": 1, "a4": 1})
    shown = cluster_identity(store, first["a1"])
    assert shown is not None and shown.size == 2
    # A new sweep finds the same two clusters but stores {a3, a4} first: a store that
    # numbered clusters from 1 again would now call {a3, a4} by the id the form carries.
    second = store_sweep(store, {"a3": 0, "a4": 0, "a1": 1, "a2": 1})

    assert min(second.values()) > max(first.values())  # no id handed out twice
    with pytest.raises(FlagError, match="is gone: a new sweep ran"):
        record_cluster_flag(store, shown, "coordinated", "UANA", "the June push")
    assert [check_target(store, f"@{h}").flags for h in ("a1", "a2", "a3", "a4")] == [[]] * 4
    # Same members under the new id, but found by another sweep: still not what was confirmed.
    again = cluster_identity(store, second["a1"])
    assert again is not None and again.members_digest == shown.members_digest
    with pytest.raises(FlagError, match="is not the one you confirmed"):
        record_cluster_flag(store, replace(again, sweep_id=shown.sweep_id), "coordinated", "UANA")


def test_a_replayed_request_records_its_decision_once(
    store: Store, clusters: dict[str, int]
) -> None:
    key = request_key("command", "trig.1", "UANA", "@a1", "coordinated")
    record_flag(store, "@a1", "coordinated", "UANA", "seen", request_key=key)
    with pytest.raises(RepeatedRequest):
        record_flag(store, "@a1", "coordinated", "UANA", "seen", request_key=key)
    shown = cluster_identity(store, clusters["A"])
    assert shown is not None
    cluster_key = request_key("form", "trig.2", "UANA", "A", "watch")
    record_cluster_flag(store, shown, "watch", "UANA", request_key=cluster_key)
    with pytest.raises(RepeatedRequest):
        record_cluster_flag(store, shown, "watch", "UANA", request_key=cluster_key)
    # A request refused for another reason claims nothing: it may be sent again once fixed.
    refused = request_key("command", "trig.3", "UANA", "@nobody", "cleared")
    with pytest.raises(FlagError, match="not in the store"):
        clear_flag(store, "@nobody", "UANA", request_key=refused)

    assert [f.label for f in check_target(store, "@a1").flags] == ["watch", "coordinated"]
    assert [f.label for f in check_target(store, "@a2").flags] == ["watch"]


def test_two_replicas_replaying_one_request_at_once_record_it_once(
    store: Store, clusters: dict[str, int]
) -> None:
    url = store.engine.url.render_as_string(hide_password=False)
    replica = open_store(url)
    key = request_key("command", "trig.race", "UANA", "@a4", "coordinated")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def flag(on: Store) -> None:
        barrier.wait()
        try:
            record_flag(on, "@a4", "coordinated", "UANA", "race", request_key=key)
            outcomes.append("recorded")
        except RepeatedRequest:
            outcomes.append("repeated")

    threads = [threading.Thread(target=flag, args=(s,)) for s in (store, replica)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    replica.dispose()

    assert sorted(outcomes) == ["recorded", "repeated"]
    assert [f.label for f in check_target(store, "@a4").flags] == ["coordinated"]


def test_flags_survive_a_restart(store: Store, clusters: dict[str, int]) -> None:
    record_flags(
        store, ["@a1", f"https://x.com/a2/status/{post_id('a2', 1)}"], "coordinated", "UANA", "op A"
    )
    url = store.engine.url.render_as_string(hide_password=False)
    store.dispose()

    reopened = open_store(url)
    try:
        assert [f.label for f in check_target(reopened, "@a2").flags] == ["coordinated"]
        assert check_target(reopened, "@a1").score == 0.97
        assert check_target(reopened, "@a3").score == 0.46
    finally:
        reopened.dispose()


def test_bad_flags_record_nothing(store: Store, clusters: dict[str, int]) -> None:
    with pytest.raises(FlagError, match="not in the store"):
        record_flags(store, ["@a1", "@nobody"], "coordinated", "UANA")
    with pytest.raises(FlagError, match="not an article"):
        record_flag(store, "https://news.example.com/story", "coordinated", "UANA")
    with pytest.raises(FlagError, match="http"):
        record_flag(store, "@a1", "coordinated", "UANA", evidence_url="javascript:alert(1)")
    with pytest.raises(FlagError, match="unknown label"):
        record_flag(store, "@a1", "spam", "UANA")

    assert check_target(store, "@a1").flags == []


def test_review_queue_lists_undecided_suspects_by_score_with_flags_applied(
    store: Store, clusters: dict[str, int]
) -> None:
    assert [i.account for i in review_queue(store)] == ["x:@a4", "x:@c1", "x:@a1", "x:@a2"]

    record_flag(store, "@a4", "coordinated", "UANA")
    record_flag(store, "@a1", "watch", "UANA")
    queue = review_queue(store)

    # a4 and a1 are decided; a2 is lifted by a4; a3 (0.38) is still below Suspicious
    assert [(i.account, i.score) for i in queue] == [("x:@c1", 0.7), ("x:@a2", 0.53)]
    assert queue[0].evidence == "c1 posted copies"
    clear_flag(store, "@a4", "UANA")
    assert review_queue(store)[0].account == "x:@a4"  # cleared: undecided again
    decisions = recent_decisions(store)
    assert [(d.account, d.label) for d in decisions] == [
        ("x:@a4", "cleared"),
        ("x:@a1", "watch"),
        ("x:@a4", "coordinated"),
    ]


def test_export_lists_every_member_with_its_posts_and_defuses_formulas(
    store: Store, clusters: dict[str, int]
) -> None:
    record_flag(
        store, "@a4", "coordinated", "UANA", "=cmd|' /C calc'!A0", evidence_url="https://e.org/1"
    )

    export = export_accounts(store, "@a1")

    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert export.cluster_id == clusters["A"] and export.accounts == 4
    assert {r["author_handle"] for r in rows} == {"a1", "a2", "a3", "a4"}
    assert len(rows) == export.posts == 4 * POSTS_EACH
    by_handle = {r["author_handle"]: r for r in rows}
    assert by_handle["a4"]["flag"] == "coordinated" and by_handle["a4"]["flagged_by"] == "UANA"
    assert by_handle["a4"]["flag_reason"].startswith("'=")
    assert by_handle["a4"]["flag_evidence_url"] == "https://e.org/1"
    assert by_handle["a1"]["score"] == "0.580" and by_handle["a1"]["verdict"] == "Suspicious"
    assert any(r["text"] == "'" + FORMULA for r in rows)
    assert export.filename.startswith(f"cibwatch-cluster-{clusters['A']}-")
