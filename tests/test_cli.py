"""The `cibwatch` command as a user runs it: real processes, real files, a SQLite store."""

from __future__ import annotations

import csv
import gzip
import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from factories import record, write_jsonl

ROOT = Path(__file__).resolve().parent.parent


def cibwatch(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed console script's code in a child process."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    full_env["CIBWATCH_FETCH_LINKS"] = "0"  # tests make no outside requests
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-c", "from bot.cli import main; main()", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def network_file(tmp_path: Path) -> Path:
    """Eight accounts posting the same texts within seconds, many times, plus bystanders."""
    records = []
    n = 0
    for push in range(8):
        day = 5 + push
        for member in range(8):
            n += 1
            records.append(
                record(
                    str(n),
                    f"janedoe{1000 + member}",
                    author_created_at="2023-05-01T03:00:00Z",
                    posted_at=f"2023-06-{day:02d}T02:{10 + member:02d}:{member * 7:02d}Z",
                    text=f"The western media lies about everything again, message number {push} #{member + 1}",
                    urls=[f"https://truth-news.example/story-{push}?utm_source={member}"],
                )
            )
    for person in range(30):
        n += 1
        records.append(
            record(
                str(n),
                f"bystander{person}",
                posted_at=f"2023-06-{1 + person % 28:02d}T1{person % 10}:00:00Z",
            )
        )
    return write_jsonl(tmp_path / "posts.jsonl", records)


def test_ingest_prints_a_summary_and_lists_rejects(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(orjson.dumps(record("1")).decode() + "\n{oops\n")
    result = cibwatch("ingest", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "read 2, loaded 1, already present 0, rejected 1" in result.stdout
    assert "line 2: invalid JSON" in result.stdout
    assert (tmp_path / "mixed.jsonl.rejects.jsonl").exists()
    assert (tmp_path / "cibwatch.db").exists()  # the default store is a file here


def test_missing_file_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    result = cibwatch("ingest", str(tmp_path / "nope.jsonl"), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [f"error: no such file: {tmp_path / 'nope.jsonl'}"]


def test_bad_target_is_one_line(tmp_path: Path) -> None:
    result = cibwatch("check", "ftp://x", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_database_url_is_one_line(tmp_path: Path) -> None:
    result = cibwatch("check", "@a", cwd=tmp_path, env={"DATABASE_URL": "mysql://nope"})
    assert result.returncode == 1
    assert "DATABASE_URL must be" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "url",
    [
        "mysql://root:hunter2@db.internal:3306/cib",
        "postgresql+psycopg2://cib:hunter2@db.internal/cib",
        "postgresql://cib:hunter2@db.internal:notaport/cib",
        "hunter2",
    ],
)
def test_unusable_database_url_never_prints_its_password(tmp_path: Path, url: str) -> None:
    result = cibwatch("check", "@a", cwd=tmp_path, env={"DATABASE_URL": url})
    assert result.returncode == 1
    assert "hunter2" not in result.stderr + result.stdout
    assert "DATABASE_URL" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_sweep_writes_the_contract_csv_and_check_json_agrees(
    tmp_path: Path, network_file: Path
) -> None:
    assert cibwatch("ingest", str(network_file), cwd=tmp_path).returncode == 0
    out = tmp_path / "scores.csv"
    result = cibwatch("sweep", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with open(out, newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0].keys()) == [
        "platform",
        "author_handle",
        "author_id",
        "score",
        "verdict",
        "cluster_id",
    ]
    assert len(rows) == 38  # one row per account
    verdicts = {r["author_handle"]: r for r in rows}
    assert verdicts["janedoe1003"]["verdict"] == "Likely coordinated"
    assert verdicts["janedoe1003"]["cluster_id"] != ""
    assert verdicts["bystander3"]["verdict"] == "No coordination signal"
    checked = cibwatch("check", "x:@janedoe1003", "--json", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    verdict = orjson.loads(checked.stdout)
    assert verdict["level"] == "Likely coordinated"
    assert verdict["cluster"]["size"] == 8
    kinds = {e["kind"] for e in verdict["evidence"]}
    assert {"copy_paste", "co_link"} <= kinds
    again = cibwatch("sweep", cwd=tmp_path)
    assert "no new posts since the last sweep" in again.stdout


def test_check_of_an_unknown_handle_says_not_in_store(tmp_path: Path) -> None:
    result = cibwatch("check", "@nobody_here", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert orjson.loads(result.stdout)["level"] == "Not in store"


def test_db_upgrade_reports_the_store(tmp_path: Path) -> None:
    result = cibwatch("db", "upgrade", cwd=tmp_path)
    assert result.returncode == 0
    assert "store is up to date (sqlite)" in result.stdout


def test_demo_runs_end_to_end_without_slack(tmp_path: Path) -> None:
    result = cibwatch("demo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    for step in (
        "1. Load the bundled sample",
        "2. Sweep",
        "3. /cib check",
        "4. /cib check",
        "5. A pasted article link",
        "6. A reviewer flags",
        "7. A reviewer marks",
        "8. A takedown report's indicators",
        "9. The daily digest",
        "Next: connect a Slack workspace",
    ):
        assert step in text
    assert "Likely coordinated" in text
    # Rich wraps at 80 columns wherever the handles in the line put the break.
    assert "a confirmed member raises its close neighbours" in " ".join(text.split())
    assert "now No coordination signal" in text
    assert "cibwatch digest:" in text
    # One watchlist match: the card of the sample account the bundled indicator file lists.
    flat = " ".join(text.replace("│", " ").split())  # the card's text across its box lines
    assert 'this account is listed in "Sample takedown report" as https://twitter[.]com/' in flat


def test_a_broken_file_is_one_line_and_the_next_file_still_loads(tmp_path: Path) -> None:
    bad_bytes = tmp_path / "a-bad-bytes.jsonl"
    bad_bytes.write_bytes(
        orjson.dumps(record("1")) + b"\n\xff\xfe{oops\n" + orjson.dumps(record("2")) + b"\n"
    )
    whole = gzip.compress(
        b"".join(orjson.dumps(record(f"t{i}", text="x " * 50)) + b"\n" for i in range(2000))
    )
    truncated = tmp_path / "b-truncated.jsonl.gz"
    truncated.write_bytes(whole[: len(whole) // 2])
    not_gzip = write_jsonl(tmp_path / "c-not-gzip.jsonl.gz", [record("n1")])
    good = write_jsonl(tmp_path / "d-good.jsonl", [record("g1"), record("g2")])
    result = cibwatch(
        "ingest", str(bad_bytes), str(truncated), str(not_gzip), str(good), cwd=tmp_path
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "Aborted" not in result.stderr
    assert f"{bad_bytes}: read 3, loaded 2, already present 0, rejected 1" in result.stdout
    assert "line 2: not valid UTF-8 (byte 0xff at character 1)" in result.stdout
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2, result.stderr
    assert errors[0].startswith(f"error: {truncated}: the .gz file is truncated: ")
    assert "records read before it ends" in errors[0]
    assert errors[1] == f"error: {not_gzip}: not a gzip file (its name ends in .gz); nothing read"
    assert f"{good}: read 2, loaded 2, already present 0, rejected 0" in result.stdout


def test_ingest_reports_conflicting_duplicates(tmp_path: Path) -> None:
    first = write_jsonl(tmp_path / "a.jsonl", [record("1", text="one"), record("2")])
    second = write_jsonl(tmp_path / "b.jsonl", [record("1", text="another"), record("2")])
    assert cibwatch("ingest", str(first), cwd=tmp_path).returncode == 0
    result = cibwatch("ingest", str(second), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (
        "read 2, loaded 0, already present 1, conflicting duplicates 1, rejected 0" in result.stdout
    )
    assert "line 1: post_id 1 is already stored with a different text; not loaded" in result.stdout
    assert f"rejected records written to {second}.rejects.jsonl" in result.stdout


def test_demo_refuses_a_file_that_is_not_a_demo_store(tmp_path: Path, network_file: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes, not a store\n")
    refused = cibwatch("demo", "--db", str(notes), cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [
        f"error: {notes} exists and is not a cibwatch demo store: "
        "choose another --db path (the demo never overwrites other files)"
    ]
    assert notes.read_text() == "my notes, not a store\n"
    assert cibwatch("ingest", str(network_file), cwd=tmp_path).returncode == 0
    store_file = tmp_path / "cibwatch.db"
    before = store_file.read_bytes()
    refused = cibwatch("demo", "--db", str(store_file), cwd=tmp_path)
    assert refused.returncode == 1
    assert "is not a cibwatch demo store" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert store_file.read_bytes() == before
    demo_db = tmp_path / "demo.db"
    for _ in range(2):  # a demo store of an earlier run is replaced
        result = cibwatch(
            "demo", "--db", str(demo_db), "--pictures", str(tmp_path / "p"), cwd=tmp_path
        )
        assert result.returncode == 0, result.stderr
        assert "Next: connect a Slack workspace" in result.stdout


def test_sweep_out_into_a_missing_folder_is_refused_before_sweeping(
    tmp_path: Path, network_file: Path
) -> None:
    assert cibwatch("ingest", str(network_file), cwd=tmp_path).returncode == 0
    target = tmp_path / "no-such-folder" / "scores.csv"
    result = cibwatch("sweep", "--out", str(target), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"error: cannot write {target}: the folder {target.parent} does not exist"
    ]
    assert "swept" not in result.stdout  # checked first, not after a whole sweep
    assert cibwatch("sweep", "--out", str(tmp_path), cwd=tmp_path).returncode == 1
    status = cibwatch("sweep", cwd=tmp_path)
    assert "swept 38 accounts" in status.stdout  # no sweep ran before
