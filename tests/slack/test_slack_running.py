"""Running the bot: `cibwatch serve` and `cibwatch socket` as real processes, and under load."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from client import SlackClient, bot_settings, sign
from fakes import (
    APP_TOKEN,
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    blocks_text,
    header_of,
    in_channel,
)
from known import KnownData
from slack_bolt.request import BoltRequest

from bot.app import StartupError, build_bot, check_settings
from bot.server import create_asgi
from bot.settings import Settings
from handlers.errors import BusyError
from handlers.pool import WorkPool
from handlers.subcommands import CommandCall, Reply
from storage.db import Store, make_engine

CLI = [sys.executable, "-c", "from bot.cli import main; main()"]


def cli_env(**values: str) -> dict[str, str]:
    """The environment without any cibwatch or Slack setting, plus `values`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "CIBWATCH_")) and k != "DATABASE_URL"
    }
    env.update(values)
    return env


def free_port() -> int:
    """A local port nobody listens on (free until someone binds it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_serve(
    folder: Path, env: dict[str, str], process: list[subprocess.Popen[str]], *, quiet: bool = False
) -> tuple[subprocess.Popen[str], int, httpx.Response]:
    """`cibwatch serve` in a child process on a free port, once its /healthz answers.

    Returns (the process, its port, that first /healthz answer); `quiet`: its
    output goes nowhere rather than to pipes.
    """
    port = free_port()
    output = subprocess.DEVNULL if quiet else subprocess.PIPE
    proc = subprocess.Popen(
        CLI + ["serve", "--port", str(port), "--host", "127.0.0.1"],
        env=env,
        cwd=folder,
        stdout=output,
        stderr=output,
        text=True,
    )
    process.append(proc)
    deadline = time.monotonic() + 30
    while True:
        try:
            return proc, port, httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
        except httpx.TransportError:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else "serve stopped"
            assert time.monotonic() < deadline, "cibwatch serve did not come up"
            time.sleep(0.1)


@pytest.fixture
def store_url(known_data_and_store: tuple[KnownData, Store, str]) -> str:
    return known_data_and_store[2]


@pytest.mark.parametrize(
    ("command", "env", "named"),
    [
        (["socket"], {}, ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"]),
        (["serve"], {"SLACK_BOT_TOKEN": BOT_TOKEN}, ["SLACK_SIGNING_SECRET"]),
    ],
    ids=["socket-without-tokens", "serve-without-signing-secret"],
)
def test_missing_settings_print_one_clear_line_and_exit_1(
    tmp_path: Path, command: list[str], env: dict[str, str], named: list[str]
) -> None:
    done = subprocess.run(
        CLI + command, env=cli_env(**env), cwd=tmp_path, capture_output=True, text=True, timeout=60
    )

    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ")
    assert all(name in lines[0] for name in named)
    assert "Traceback" not in done.stderr + done.stdout
    assert not (tmp_path / "cibwatch.db").exists()  # nothing opened before the check


@pytest.mark.parametrize(
    ("mode", "values", "named"),
    [
        ("socket", {"slack_bot_token": BOT_TOKEN, "slack_app_token": ""}, "SLACK_APP_TOKEN"),
        ("socket", {"slack_bot_token": "", "slack_app_token": APP_TOKEN}, "SLACK_BOT_TOKEN"),
        ("socket", {"slack_bot_token": BOT_TOKEN, "slack_app_token": "xoxb-1"}, "xapp-"),
        (
            "http",
            {"slack_bot_token": "", "slack_signing_secret": SIGNING_SECRET},
            "SLACK_BOT_TOKEN",
        ),
    ],
)
def test_check_settings_names_what_is_missing(
    mode: str, values: dict[str, str], named: str
) -> None:
    settings = Settings(_env_file=None, **values)  # type: ignore[call-arg]

    with pytest.raises(StartupError, match=named):
        check_settings(settings, mode)  # type: ignore[arg-type]


def test_refused_bot_token_stops_the_start_with_a_clear_error(
    fake_slack: FakeSlack, network_store: Store, store_url: str
) -> None:
    fake_slack.fail("auth.test", "invalid_auth")

    with pytest.raises(StartupError, match="Slack refused SLACK_BOT_TOKEN"):
        build_bot(bot_settings(fake_slack, store_url), network_store, "http")


def test_unreachable_slack_stops_the_start_with_a_clear_error(
    fake_slack: FakeSlack, network_store: Store, store_url: str
) -> None:
    settings = bot_settings(
        fake_slack, store_url, slack_api_url=f"http://127.0.0.1:{free_port()}/api/"
    )

    with pytest.raises(StartupError, match="cannot reach Slack's Web API"):
        build_bot(settings, network_store, "http")


def test_healthz_is_503_when_the_store_is_down_and_names_no_host(
    fake_slack: FakeSlack, network_store: Store, store_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    down = Store(make_engine("postgresql+psycopg://nobody:Hu7nterQ%40Zx9pw@127.0.0.1:1/none"))
    bot = build_bot(bot_settings(fake_slack, store_url), network_store, "http")

    async def get_health() -> httpx.Response:
        transport = httpx.ASGITransport(app=create_asgi(bot.app, down))
        async with httpx.AsyncClient(transport=transport, base_url="http://bot") as client:
            return await client.get("/healthz")

    response = asyncio.run(get_health())
    bot.close()

    assert response.status_code == 503
    assert response.json() == {"ok": False, "db": "unavailable"}
    # Anyone who reaches the port may ask: the driver's error (host, port, user) is only logged.
    assert "OperationalError" in caplog.text and "127.0.0.1" in caplog.text
    for piece in ("Hu7nterQ", "Zx9pw"):  # ... and never the password, not even in the log
        assert piece not in response.text + caplog.text


@pytest.fixture
def process() -> Iterator[list[subprocess.Popen[str]]]:
    """Processes started by a test, interrupted and reaped at its end."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_socket_mode_connects_and_answers_a_command(
    tmp_path: Path,
    fake_slack: FakeSlack,
    known: KnownData,
    store_url: str,
    channel: str,
    process: list[subprocess.Popen[str]],
) -> None:
    env = cli_env(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_APP_TOKEN=APP_TOKEN,
        SLACK_API_URL=fake_slack.api_url,
        DATABASE_URL=store_url,
        # The card's automatic pictures are drawn in the bot's own process: worker
        # processes spawned on a busy machine made stopping take over a minute.
        CIBWATCH_PICTURE_PROCESSES="0",
    )
    proc = subprocess.Popen(
        CLI + ["socket"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    process.append(proc)

    fake_slack.wait_for_socket()
    (opened,) = fake_slack.wait_for("apps.connections.open")
    assert fake_slack.calls_of("auth.test")  # the bot token was verified at start
    fake_slack.ws_send({"type": "hello", "num_connections": 1})
    fake_slack.ws_send(
        {
            "envelope_id": "env-1",
            "type": "slash_commands",
            "accepts_response_payload": True,
            "payload": {
                "team_id": "T0TEST",
                "channel_id": channel,
                "user_id": "UANALYST",
                "command": "/cib",
                "text": f"check @{known.network[9]}",
                "response_url": fake_slack.response_url(),
                "trigger_id": "trig.socket",
                "api_app_id": "ACIBWATCH",
            },
        }
    )

    (card,) = fake_slack.wait_for("chat.postMessage", in_channel(channel), timeout=15)
    assert header_of(card.body).startswith("Likely coordinated")
    acks = [m for m in fake_slack.ws_received if m.get("envelope_id") == "env-1"]
    assert acks and "Checking" in json.dumps(acks[0].get("payload"))

    proc.send_signal(signal.SIGINT)
    # Stopping finishes queued work first: here the card's automatic pictures.
    assert proc.wait(timeout=60) == 0
    assert "Traceback" not in proc.stderr.read()


def test_serve_runs_the_http_app_with_healthz(
    tmp_path: Path, fake_slack: FakeSlack, store_url: str, process: list[subprocess.Popen[str]]
) -> None:
    env = cli_env(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake_slack.api_url,
        DATABASE_URL=store_url,
    )
    proc, port, health = start_serve(tmp_path, env, process)
    assert health.status_code == 200 and health.json() == {"ok": True, "db": "ok"}
    unsigned = httpx.post(f"http://127.0.0.1:{port}/slack/events", content=b"{}")
    assert unsigned.status_code == 401

    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=15) == 0
    assert "Traceback" not in proc.stderr.read()


def _children(pid: int) -> set[int]:
    """Live processes whose parent is `pid` (read from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and _parent_and_state(int(entry.name))[0] == pid:
            found.add(int(entry.name))
    return found


def _parent_and_state(pid: int) -> tuple[int, str]:
    """(parent pid, state letter) of `pid`; (0, "X") when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0, "X"
    fields = stat[stat.rindex(")") + 2 :].split()  # the name may hold spaces and brackets
    return int(fields[1]), fields[0]


def _running(pids: set[int]) -> set[int]:
    """Those of `pids` still running: not gone, and not an exited zombie left unreaped."""
    return {pid for pid in pids if _parent_and_state(pid)[1] not in ("X", "Z")}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_picture_workers_exit_with_serve_even_when_it_is_killed(
    tmp_path: Path,
    fake_slack: FakeSlack,
    known: KnownData,
    store_url: str,
    channel: str,
    process: list[subprocess.Popen[str]],
) -> None:
    # SIGKILL: no shutdown code runs, so only the workers themselves can notice. (A
    # SIGTERM runs the bot's own shutdown, which stops the pool; 17 s more to test.)
    env = cli_env(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake_slack.api_url,
        DATABASE_URL=store_url,
        CIBWATCH_PICTURE_PROCESSES="2",
        CIBWATCH_FETCH_LINKS="0",
    )
    proc, port, _ = start_serve(tmp_path, env, process, quiet=True)
    value = json.dumps({"t": f"@{known.network[5]}", "a": [], "c": None})

    slack = SlackClient(f"http://127.0.0.1:{port}", fake_slack)
    assert slack.click("cib_pictures", value, channel=channel).status_code == 200
    # The pictures come back: drawn in the worker processes, which are still there.
    fake_slack.wait_for(
        "files.completeUploadExternal", lambda c: c.body.get("channel_id") == channel, timeout=90
    )
    slack.http.close()
    workers = _children(proc.pid)
    assert len(workers) >= 2

    proc.kill()
    proc.wait(timeout=30)

    deadline = time.monotonic() + 20
    while _running(workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(workers), "picture workers outlived cibwatch serve"


def test_burst_of_checks_does_not_delay_acks(
    slack_client: SlackClient, fake_slack: FakeSlack, known: KnownData, channel: str
) -> None:
    elapsed: list[float] = []
    statuses: list[int] = []

    def send(i: int) -> None:
        started = time.monotonic()
        response = slack_client.command(f"check @{known.network[i % 12]}", channel=channel)
        elapsed.append(time.monotonic() - started)
        statuses.append(response.status_code)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert statuses == [200] * 30
    assert max(elapsed) < 3.0
    fake_slack.wait_for("chat.postMessage", in_channel(channel), count=30, timeout=30)


def test_full_pool_refuses_work_at_once_instead_of_queueing_it() -> None:
    pool = WorkPool(workers=1, max_pending=2)
    release = threading.Event()
    errors: list[Exception] = []
    for _ in range(3):
        pool.submit(release.wait, on_error=errors.append)

    assert len(errors) == 1 and isinstance(errors[0], BusyError)
    release.set()
    pool.shutdown()


def test_other_modules_add_subcommands_to_the_dispatcher(
    fake_slack: FakeSlack, known_data_and_store: tuple[KnownData, Store, str], channel: str
) -> None:
    _, store, url = known_data_and_store
    bot = build_bot(bot_settings(fake_slack, url), store, "http")
    seen: list[CommandCall] = []

    def digest(call: CommandCall) -> Reply:
        seen.append(call)
        return Reply(blocks=[], text=f"digest set to {call.args}")

    bot.runtime.subcommands.add("digest", digest, usage="/cib digest daily", summary="digests")
    form = urlencode(
        {
            "command": "/cib",
            "text": "digest daily 09:00",
            "channel_id": channel,
            "user_id": "U9",
            "team_id": "T0TEST",
            "response_url": fake_slack.response_url(),
            "trigger_id": "t",
        }
    )
    ts = str(int(time.time()))
    headers = {
        "x-slack-request-timestamp": ts,
        "x-slack-signature": sign(form, int(ts)),
        "content-type": "application/x-www-form-urlencoded",
    }

    response = bot.app.dispatch(BoltRequest(body=form, headers=headers))
    help_response = bot.app.dispatch(
        BoltRequest(
            body=form.replace("digest+daily", "help"),
            headers={
                **headers,
                "x-slack-signature": sign(form.replace("digest+daily", "help"), int(ts)),
            },
        )
    )
    bot.close()

    assert response.status == 200
    assert json.loads(response.body)["text"] == "digest set to daily 09:00"
    assert seen[0].user_id == "U9" and seen[0].channel_id == channel
    assert "/cib digest daily" in blocks_text(json.loads(help_response.body))
