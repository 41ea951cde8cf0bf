"""The `cibwatch` command as a user runs it: real processes, real files, a SQLite store."""

from __future__ import annotations

import csv
import gzip
import os
import pty
import re
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import orjson
import pytest
from factories import record, write_jsonl

from detection.sweep import DetectionConfig
from services.exports import EXPORT_COLUMNS, export_accounts
from services.sweeps import run_sweep
from storage.db import Store, open_store
from storage.digests import save_subscription
from storage.ingest import ingest_file
from storage.models import DigestSubscription

ROOT = Path(__file__).resolve().parent.parent


def cibwatch(
    *args: str, cwd: Path, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed console script's code in a child process (`stdin`: its standard input)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    full_env["CIBWATCH_FETCH_LINKS"] = "0"  # tests make no outside requests
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-c", "from bot.cli import main; main()", *args],
        cwd=cwd,
        env=full_env,
        input=stdin,
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
    assert (
        cibwatch(
            "ingest", str(write_jsonl(tmp_path / "a.jsonl", [record("1")])), cwd=tmp_path
        ).returncode
        == 0
    )
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
    words = " ".join(text.split())
    raised = re.search(r"score (\d\.\d\d) → (\d\.\d\d) \(.*?\): a confirmed member raises", words)
    if raised:  # a move it names is a move
        assert float(raised.group(1)) < float(raised.group(2)), raised.group(0)
    else:
        assert "its cluster neighbours stay where they are" in words
    assert "store: SQLite file " in text
    assert re.search(r"\d,\d{3} authentic accounts", words)
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


# --- the store each command uses ----------------------------------------------


@pytest.fixture
def swept(tmp_path: Path, network_file: Path) -> Path:
    """A folder whose ./cibwatch.db holds the network file, ingested and swept (in-process)."""
    store = open_store(f"sqlite:///{tmp_path / 'cibwatch.db'}")
    ingest_file(store, network_file)
    run_sweep(store, DetectionConfig())
    store.dispose()
    return tmp_path


def test_commands_in_a_folder_without_a_store_say_so_and_create_none(tmp_path: Path) -> None:
    for args in (
        ["check", "@janedoe1003", "--json"],
        ["check", "@a", "@b"],
        ["status"],
        ["sweep"],
        ["flag", "@a", "--label", "watch", "--by", "ana"],
        ["export", "@a"],
        ["digest", "preview"],
    ):
        result = cibwatch(*args, cwd=tmp_path)
        assert result.returncode == 1, args
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, (args, result.stderr)
        assert lines[0].startswith(
            f"error: no store here: {tmp_path / 'cibwatch.db'} does not exist."
        ), args
        assert "DATABASE_URL" in lines[0] and "cibwatch ingest FILE" in lines[0]
        assert result.stdout == ""
        assert not (tmp_path / "cibwatch.db").exists(), args
    elsewhere = tmp_path / "elsewhere.db"
    result = cibwatch("check", "@a", cwd=tmp_path, env={"DATABASE_URL": f"sqlite:///{elsewhere}"})
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: no store at {elsewhere} (DATABASE_URL names it")
    assert not elsewhere.exists()


def test_every_command_says_which_store_it_uses(swept: Path) -> None:
    store_line = f"store: SQLite file {swept / 'cibwatch.db'}"
    status = cibwatch("status", cwd=swept)
    assert status.stdout.splitlines()[0] == store_line
    card = cibwatch("check", "x:@janedoe1003", cwd=swept)
    assert card.stdout.splitlines()[0] == store_line
    # With --json, stdout is the verdict alone: the store is named on stderr.
    as_json = cibwatch("check", "x:@janedoe1003", "--json", cwd=swept)
    assert orjson.loads(as_json.stdout)["level"] == "Likely coordinated"
    assert as_json.stderr.strip() == store_line
    more = write_jsonl(swept / "more.jsonl", [record("m1", "newcomer")])
    ingest = cibwatch("ingest", str(more), cwd=swept)
    assert ingest.stdout.splitlines()[0] == store_line


@pytest.mark.postgres
def test_a_postgres_store_is_named_by_host_never_by_password(
    tmp_path: Path, postgres_store: Store
) -> None:
    postgres_store.dispose()  # an empty, migrated store; the CLI opens its own
    url = postgres_store.engine.url
    secret = url.password or "not-the-password-42"  # the test server trusts local connections
    with_password = url.set(password=secret).render_as_string(hide_password=False)
    env = {"DATABASE_URL": with_password}
    assert cibwatch("db", "upgrade", cwd=tmp_path, env=env).returncode == 0
    result = cibwatch("status", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    where = f"{url.host}:{url.port}" if url.port else url.host
    assert result.stdout.splitlines()[0] == (
        f"store: PostgreSQL database {url.database} on {where} as {url.username}"
    )
    assert secret not in result.stdout + result.stderr
    assert "holds 0 posts from 0 accounts" in result.stdout


# --- many targets in one process ----------------------------------------------

VERDICT_KEYS = [
    "target",
    "kind",
    "level",
    "score",
    "accounts",
    "cluster",
    "evidence",
    "flags",
    "store_updated_ts",
    "note",
    "swept",
]


def test_one_target_with_json_prints_the_verdict_object_as_before(swept: Path) -> None:
    result = cibwatch("check", "x:@janedoe1003", "--json", cwd=swept)
    assert result.stdout.startswith('{\n  "target": "x:@janedoe1003",\n  "kind": "account",\n')
    assert list(orjson.loads(result.stdout)) == VERDICT_KEYS


def test_check_answers_many_targets_in_one_process(swept: Path) -> None:
    listed = swept / "targets.txt"
    listed.write_text(
        "# accounts from the June report\nx:@janedoe1003\n\n  @bystander3  \nftp://x\n"
    )
    result = cibwatch("check", "@nobody_here", "--from", str(listed), "--json", cwd=swept)
    assert result.returncode == 1  # one target could not be read; the others are answered
    lines = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert [line["input"] for line in lines] == [
        "@nobody_here",
        "x:@janedoe1003",
        "@bystander3",
        "ftp://x",
    ]
    assert lines[0]["level"] == "Not in store"
    assert lines[1]["level"] == "Likely coordinated" and lines[1]["cluster"]["size"] == 8
    assert lines[2]["level"] == "No coordination signal"
    assert set(lines[3]) == {"input", "error"} and "http" in lines[3]["error"]
    single = orjson.loads(cibwatch("check", "x:@janedoe1003", "--json", cwd=swept).stdout)
    assert lines[1] == {"input": "x:@janedoe1003", **single}

    text = cibwatch("check", "x:@janedoe1003", "@bystander3", "@nobody_here", cwd=swept)
    assert text.returncode == 0, text.stderr
    answers = text.stdout.splitlines()[1:]
    assert answers[0].startswith("x:@janedoe1003: Likely coordinated ")
    assert answers[0].endswith(", cluster #1 of 8 accounts")
    assert answers[1] == "@bystander3: No coordination signal 0.00"
    assert answers[2] == "@nobody_here: Not in store"
    piped = cibwatch("check", "--from", "-", cwd=swept, stdin="@bystander3\n@bystander4\n")
    assert piped.stdout.splitlines()[1:] == [
        "@bystander3: No coordination signal 0.00",
        "@bystander4: No coordination signal 0.00",
    ]


def test_a_bad_setting_is_one_line_naming_it(swept: Path) -> None:
    result = cibwatch("status", cwd=swept, env={"CIBWATCH_CHECK_WORKERS": "four"})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: bad setting CIBWATCH_CHECK_WORKERS: Input should be a valid integer, "
        "unable to parse string as an integer"
    ]


def test_check_refuses_what_it_cannot_do_in_one_line(swept: Path) -> None:
    for args, message in (
        (["check"], "error: name a target to check"),
        (["check", "@a", "@b", "--pictures", "p"], "error: --pictures draws one target's pictures"),
        (["check", "--from", "nope.txt"], "error: no such file: nope.txt"),
    ):
        result = cibwatch(*args, cwd=swept)
        assert result.returncode == 1, args
        assert result.stderr.strip().splitlines() == [result.stderr.strip()], args
        assert result.stderr.startswith(message), (args, result.stderr)


# --- status -------------------------------------------------------------------


def test_status_reports_contents_ingest_sweeps_digests_and_watchlist(swept: Path) -> None:
    store = open_store(f"sqlite:///{swept / 'cibwatch.db'}")
    with store.session() as session:
        save_subscription(
            session,
            DigestSubscription(
                channel_id="C0DIGEST",
                frequency="weekly",
                at_time="08:30",
                weekday="mon",
                timezone="UTC",
                min_verdict="Likely coordinated",
                created_ts=1,
            ),
        )
    more = [record("m1", "newcomer"), record("m2", "newcomer")]
    ingest_file(store, write_jsonl(swept / "more.jsonl", more))
    store.dispose()
    result = cibwatch("status", cwd=swept)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == (
        "holds 96 posts from 39 accounts; 1 cluster in the last sweep; 0 reviewer decisions"
    )
    assert lines[2].startswith("last ingest: 20") and lines[2].endswith("(just now)")
    assert lines[3].startswith("last sweep: 20")
    assert ", from scratch over 94 posts; 8 accounts with a signal, 1 cluster" in lines[3]
    assert lines[4] == "  2 posts not swept yet: checks do not count them until cibwatch sweep runs"
    assert lines[5] == "digests: 1 channel"
    assert lines[6] == (
        "  C0DIGEST: every Mon at 08:30 (UTC), accounts at least Likely coordinated; none sent yet"
    )
    assert lines[7] == "watchlist: no sources (cibwatch watchlist import FILE --source NAME)"
    listed = swept / "listed.txt"
    listed.write_text("@janedoe1003\nrrn[.]so\n", encoding="utf-8")
    assert (
        cibwatch("watchlist", "import", str(listed), "--source", "Meta Q2", cwd=swept).returncode
        == 0
    )
    watched = cibwatch("status", cwd=swept).stdout.splitlines()
    assert watched[7] == "watchlist: 1 source"
    assert watched[8].startswith("  'Meta Q2': 2 indicators, imported 20")
    assert cibwatch("sweep", cwd=swept).returncode == 0
    figures = cibwatch("status", "--json", cwd=swept)
    data = orjson.loads(figures.stdout)
    assert data["store"] == f"SQLite file {swept / 'cibwatch.db'}"
    assert data["counts"] == {"posts": 96, "accounts": 39, "clusters": 1, "decisions": 0}
    assert data["last_sweep"]["from_scratch"] is False
    assert data["last_sweep"]["new_posts"] == 2
    assert data["unswept_posts"] == 0
    assert [d["channel_id"] for d in data["digests"]] == ["C0DIGEST"]
    assert [(w["name"], w["indicators"]) for w in data["watchlist"]] == [("Meta Q2", 2)]


# --- progress of a sweep --------------------------------------------------------


def test_sweep_shows_its_stages_on_a_terminal_and_nothing_in_a_pipe(swept: Path) -> None:
    piped = cibwatch("sweep", "--force", cwd=swept)
    assert piped.returncode == 0
    assert piped.stderr == ""
    assert "read posts" not in piped.stdout
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    env |= {"TERM": "xterm-256color", "COLUMNS": "100", "CIBWATCH_FETCH_LINKS": "0"}
    leader, follower = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-c", "from bot.cli import main; main()", "sweep", "--force"],
        cwd=swept,
        env=env,
        stdout=subprocess.PIPE,
        stderr=follower,
        text=True,
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed its end
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    stdout, _ = child.communicate(timeout=300)
    assert child.returncode == 0
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", seen.decode("utf-8", errors="replace"))
    for stage in ("read posts", "sweep", "store"):
        assert re.search(rf"{stage}: \d+\.\d s", shown), (stage, shown)
    assert "swept 38 accounts" in stdout


# --- version and help -----------------------------------------------------------


def test_version_and_short_help(tmp_path: Path) -> None:
    version = cibwatch("--version", cwd=tmp_path)
    assert version.stdout.strip() == f"cibwatch {metadata.version('cibwatch')}"
    short = cibwatch("-h", cwd=tmp_path)
    assert short.returncode == 0
    assert "Usage: cibwatch" in short.stdout and "digest" in short.stdout


def _command_paths(command: object, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [path]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        paths += _command_paths(sub, (*path, name))
    return paths


def test_help_of_every_command_shows_words_not_types_nor_unshipped_files() -> None:
    from typer.main import get_command
    from typer.testing import CliRunner

    from bot.cli import app

    paths = _command_paths(get_command(app))
    assert ("check",) in paths and ("digest", "preview") in paths and ("flag",) in paths
    for path in paths:
        result = CliRunner().invoke(app, [*path, "-h"], env={"COLUMNS": "200"})
        assert result.exit_code == 0, (path, result.output)
        assert "Usage:" in result.output
        assert not re.search(r"<[a-z_]+(\[[^\]]*\])?>", result.output), (path, result.output)
        # Arguments are named as their help text names them (FILE, SOURCE), not as Python names.
        assert not re.search(r"\{[a-z_]+\}", result.output), (path, result.output)
        for unshipped in ("README", ".env.example", "manifest.yml", "bench/", "docs/"):
            assert unshipped not in result.output, (path, unshipped)


def test_ingest_help_names_every_format() -> None:
    from bot.cli import FORMAT_NAMES
    from storage.formats import catalog

    assert list(FORMAT_NAMES) == catalog.names()


def test_help_and_check_load_only_what_they_use(swept: Path) -> None:
    """`--help` loads no database layer; a check loads no migrations, graph, web or Slack code."""
    probe = (
        "import sys\nfrom bot.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules)))\n"
    )

    def loaded(*args: str) -> set[str]:
        result = subprocess.run(
            [sys.executable, "-c", probe, *args],
            cwd=swept,
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "CIBWATCH_FETCH_LINKS": "1"},
        )
        return set(result.stderr.rsplit("MODULES ", 1)[1].split())

    def roots(modules: set[str]) -> set[str]:
        return {m.split(".")[0] for m in modules}

    helped = roots(loaded("--help"))
    assert not helped & {"sqlalchemy", "sqlmodel", "pydantic", "storage", "services", "detection"}
    checked = loaded("check", "x:@janedoe1003", "@bystander3", "--json")
    assert "services.checks" in checked  # the probe ran the check
    assert not roots(checked) & {
        "alembic",
        "networkx",
        "httpx",
        "slack_bolt",
        "matplotlib",
        "apscheduler",
        "uvicorn",
    }
    assert "sqlalchemy.dialects.postgresql" not in checked


# --- reviewer actions from the shell -----------------------------------------------


def test_flag_from_the_shell_is_recorded_and_moves_the_verdict(swept: Path) -> None:
    before = orjson.loads(cibwatch("check", "x:@bystander3", "--json", cwd=swept).stdout)
    assert before["level"] == "No coordination signal" and before["flags"] == []
    flagged = cibwatch(
        "flag",
        "x:@bystander3",
        "--label",
        "coordinated",
        "--reason",
        "same texts as the June push",
        "--by",
        "ana",
        cwd=swept,
    )
    assert flagged.returncode == 0, flagged.stderr
    after = orjson.loads(cibwatch("check", "x:@bystander3", "--json", cwd=swept).stdout)
    assert after["level"] == "Likely coordinated"
    assert flagged.stdout.splitlines()[1:] == [
        "recorded coordinated by ana on x:@bystander3",
        f"x:@bystander3 is now Likely coordinated ({after['score']:.2f})",
    ]
    (decision,) = after["flags"]
    assert (decision["label"], decision["reviewer"], decision["reason"]) == (
        "coordinated",
        "ana",
        "same texts as the June push",
    )
    assert abs(decision["created_ts"] - time.time()) < 600
    card = cibwatch("check", "x:@bystander3", cwd=swept).stdout
    assert "flagged coordinated by ana" in card and "<@ana>" not in card
    cleared = cibwatch("unflag", "x:@bystander3", "--by", "ana", "--reason", "wrong row", cwd=swept)
    assert cleared.returncode == 0, cleared.stderr
    assert cleared.stdout.splitlines()[-1] == "x:@bystander3 is now No coordination signal (0.00)"


def test_flag_refuses_bad_input_in_one_line(swept: Path) -> None:
    for args, message in (
        (["x:@bystander3", "--label", "maybe", "--by", "ana"], "error: --label must be one of"),
        (["x:@bystander3", "--label", "watch", "--by", "  "], "error: --by needs a name"),
        (
            ["@nobody_here", "--label", "watch", "--by", "ana"],
            "error: @nobody_here is not in the store",
        ),
        (["https://news.example/a", "--label", "watch", "--by", "ana"], "error: flag an account"),
    ):
        result = cibwatch("flag", *args, cwd=swept)
        assert result.returncode == 1, args
        assert result.stderr.strip().splitlines() == [result.stderr.strip()], args
        assert result.stderr.startswith(message), (args, result.stderr)
    for args, message in (
        (
            ["@nobody_here", "--by", "ana"],
            "error: @nobody_here is not in the store, so it has no flag to clear",
        ),
        (["x:@bystander3", "--by", "ana"], "error: x:@bystander3 has no flag to clear"),
        (["https://news.example/a", "--by", "ana"], "error: unflag an account"),
    ):
        result = cibwatch("unflag", *args, cwd=swept)
        assert result.returncode == 1, args
        assert result.stderr.strip().splitlines() == [result.stderr.strip()], args
        assert result.stderr.startswith(message), (args, result.stderr)
    decisions = orjson.loads(cibwatch("status", "--json", cwd=swept).stdout)["counts"]["decisions"]
    assert decisions == 0


def test_export_writes_the_csv_slack_shares(swept: Path) -> None:
    target = swept / "cluster.csv"
    result = cibwatch("export", "x:@janedoe1003", "--out", str(target), cwd=swept)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == (
        f"wrote cluster #1: 8 accounts, 64 posts (at most 50 newest per account) to {target}"
    )
    store = open_store(f"sqlite:///{swept / 'cibwatch.db'}")
    assert target.read_bytes() == export_accounts(store, "x:@janedoe1003").content
    store.dispose()
    with open(target, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == EXPORT_COLUMNS
    assert {r["author_handle"] for r in rows} == {f"janedoe{1000 + m}" for m in range(8)}
    default = cibwatch("export", "@janedoe1001", cwd=swept)
    assert default.returncode == 0, default.stderr
    assert len(list(swept.glob("cibwatch-cluster-1-*.csv"))) == 1
    missing = cibwatch("export", "@nobody_here", cwd=swept)
    assert missing.returncode == 1
    assert missing.stderr.strip() == (
        "error: nothing to export: @nobody_here has no accounts in the store to export"
    )


def test_digest_preview_shows_what_a_channel_would_get(swept: Path) -> None:
    shown = cibwatch("digest", "preview", cwd=swept)
    assert shown.returncode == 0, shown.stderr
    assert "cibwatch digest: 8 suspected accounts newly active" in shown.stdout
    assert "Cluster #1" in shown.stdout
    as_csv = cibwatch("digest", "preview", "--csv", "-", "--since", "2d", cwd=swept)
    rows = list(csv.reader(as_csv.stdout.splitlines()))
    assert rows[0] == ["cluster_id", "account", "score", "verdict", "active_again", "evidence"]
    assert sorted(r[1] for r in rows[1:]) == [f"x:@janedoe{1000 + m}" for m in range(8)]
    assert as_csv.stderr.startswith("store: SQLite file")  # stdout is the CSV alone
    saved = swept / "digest.csv"
    written = cibwatch("digest", "preview", "--csv", str(saved), "--level", "likely", cwd=swept)
    assert written.stdout.splitlines()[-1] == f"wrote 8 accounts to {saved}"
    assert saved.read_text() == as_csv.stdout
    before = cibwatch("digest", "preview", "--until", "2020-01-01", cwd=swept)
    assert "nothing new and suspicious became active" in before.stdout
    for args, message in (
        (["--channel", "C0NONE"], "error: channel C0NONE has no digest subscription"),
        (["--since", "yesterday"], "error: --since: 'yesterday' is not a time"),
        (["--level", "high"], "error: --level must be suspicious or likely"),
    ):
        refused = cibwatch("digest", "preview", *args, cwd=swept)
        assert refused.returncode == 1, args
        assert refused.stderr.strip().splitlines() == [refused.stderr.strip()], args
        assert refused.stderr.startswith(message), (args, refused.stderr)
