"""Test doubles of Slack itself, and known data, for the Slack bot tests.

- `FakeSlack` plays Slack's Web API on 127.0.0.1 (SLACK_API_URL points at it):
  it records every call (method, JSON or form body, headers), answers like
  Slack, refuses Block Kit over Slack's limits (`invalid_blocks`), can answer
  429 with Retry-After or an error for the next calls of a method, takes
  response_url posts (`/response/<id>`) and serves Socket Mode's WebSocket.
  It also answers `usergroups.users.list` from `usergroups`, and files upload
  v2: `files.getUploadURLExternal` hands out a local upload URL, the bytes
  POSTed there land in `uploads`, and `files.completeUploadExternal` refuses
  files that were never uploaded or whose length differs from the announced one.
  Each call keeps what the fake answered (`Call.result`, e.g. a posted message's ts)
  and the token it was made with (`Call.token`). `chat.getPermalink` links only
  messages the fake posted. Workflow steps: `start_execution` opens a function
  execution; `functions.completeSuccess` / `functions.completeError` end it once
  (later calls get `execution_not_in_running_state`), and outputs that do not
  match the function's `output_parameters` in manifest.yml get
  `parameter_validation_failed`, as on Slack.
- `blocks_text`, `header_of`, `in_channel` and `view_of` read what the bot sent.

What Slack sends the bot is in client.py, the data the bot's store holds in
known.py. Tests poll `FakeSlack.wait_for` for calls made on the bot's worker
threads. The fixtures wiring these together are in conftest.py.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import itertools
import json
import socket
import struct
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import yaml

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"
BOT_USER_ID = "UCIBBOT"
BOT_ID = "BCIBBOT"
TEAM_ID = "T0TEST"
#: CIBWATCH_REVIEWERS of the review bot: one user, and one user group with one member.
REVIEWER = "UREVIEWER"
REVIEWER_GROUP = "SREVIEWERS"
GROUP_MEMBER = "UGROUPIE"
#: The short-lived token Slack hands a workflow step with each run (`bot_access_token`).
WORKFLOW_TOKEN = "xwfp-test-token"
MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"


@functools.cache
def manifest() -> dict[str, Any]:
    """The app's manifest.yml, parsed."""
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def output_problems(callback_id: str, outputs: Any) -> list[str]:
    """What in `outputs` breaks function `callback_id`'s `output_parameters` in manifest.yml."""
    declared = manifest()["functions"][callback_id].get("output_parameters") or {}
    if not isinstance(outputs, dict):
        return ["outputs is not an object"]
    problems = [f"unknown output {name}" for name in outputs if name not in declared]
    for name, spec in declared.items():
        if name not in outputs:
            if spec.get("is_required"):
                problems.append(f"missing required output {name}")
            continue
        value, kind = outputs[name], spec["type"]
        fits = {
            "string": isinstance(value, str),
            "number": isinstance(value, int | float) and not isinstance(value, bool),
            "integer": isinstance(value, int) and not isinstance(value, bool),
            "boolean": isinstance(value, bool),
        }.get(kind, True)
        if not fits:
            problems.append(f"output {name} is not of type {kind}: {value!r}")
    return problems


# ---------------------------------------------------------------------------
# A local Slack Web API
# ---------------------------------------------------------------------------

_WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


@dataclass
class Call:
    """One request the bot made to the fake Slack."""

    method: str  # "chat.postMessage", ..., or "response" for response_url posts
    body: dict[str, Any]
    path: str
    at: float
    status: int = 200
    ok: bool = True
    result: dict[str, Any] = field(
        default_factory=dict
    )  # what the fake answered (e.g. a message ts)
    token: str = ""  # the token the call was made with (its Authorization header)


@dataclass
class _Failure:
    status: int
    error: str
    retry_after: int | None
    times: int
    channel: str | None


def block_kit_problems(payload: dict[str, Any]) -> list[str]:
    """What in a message or view payload breaks Slack's published Block Kit limits."""
    problems: list[str] = []
    blocks = payload.get("blocks")
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    view = payload.get("view")
    if isinstance(view, str):
        view = json.loads(view)
    if view:
        blocks = view.get("blocks", [])
        if len(blocks) > 100:
            problems.append(f"view has {len(blocks)} blocks > 100")
        if len(view.get("title", {}).get("text", "")) > 24:
            problems.append("view title > 24 characters")
    elif blocks is not None and len(blocks) > 50:
        problems.append(f"message has {len(blocks)} blocks > 50")
    if blocks and not view and not payload.get("text"):
        problems.append("message with blocks has no fallback text")
    for block in blocks or []:
        kind = block.get("type")
        text = (block.get("text") or {}).get("text", "")
        if kind == "header" and len(text) > 150:
            problems.append("header text > 150")
        if kind == "section" and len(text) > 3000:
            problems.append("section text > 3000")
        for f in block.get("fields") or []:
            if len(f.get("text", "")) > 2000:
                problems.append("section field > 2000")
        if kind == "context" and len(block.get("elements", [])) > 10:
            problems.append("context with > 10 elements")
        if kind == "actions":
            if len(block.get("elements", [])) > 25:
                problems.append("actions with > 25 elements")
            for element in block.get("elements", []):
                if len(element.get("text", {}).get("text", "")) > 75:
                    problems.append("button text > 75")
                if len(element.get("value", "")) > 2000:
                    problems.append("button value > 2000")
                if len(element.get("action_id", "")) > 255:
                    problems.append("action_id > 255")
        for element in block.get("elements", []) if kind == "context" else []:
            if len(element.get("text", "")) > 3000:
                problems.append("context text > 3000")
    return problems


class FakeSlack:
    """Slack's Web API, response_urls and Socket Mode, on a local port."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.problems: list[tuple[str, list[str]]] = []
        self._failures: dict[str, list[_Failure]] = {}
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self._sockets: list[socket.socket] = []
        self.ws_received: list[dict[str, Any]] = []
        #: user-group id -> member user ids, for usergroups.users.list
        self.usergroups: dict[str, list[str]] = {}
        #: file id -> the bytes POSTed to its upload URL
        self.uploads: dict[str, bytes] = {}
        self._announced: dict[str, tuple[str, int]] = {}  # file id -> (filename, length)
        self._posted: set[tuple[str, str]] = set()  # (channel, ts) of messages posted
        self._executions: dict[str, str] = {}  # function execution id -> callback id
        self._finished: set[str] = set()  # executions already completed or failed
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # -- set up ---------------------------------------------------------------

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self) -> str:
        """A fresh response_url served by this fake."""
        return f"http://127.0.0.1:{self.port}/response/{uuid.uuid4().hex}"

    def start(self) -> FakeSlack:
        self.thread.start()
        return self

    def stop(self) -> None:
        for sock in list(self._sockets):
            sock.close()
        self.server.shutdown()
        self.server.server_close()

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.problems.clear()
            self._failures.clear()
            self.ws_received.clear()
            self.usergroups.clear()
            self.uploads.clear()
            self._announced.clear()
            self._posted.clear()
            self._executions.clear()
            self._finished.clear()

    def start_execution(self, execution_id: str, callback_id: str) -> None:
        """A workflow runs function `callback_id`: its completion is now expected."""
        with self._lock:
            self._executions[execution_id] = callback_id

    def rate_limit(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next `times` calls of `method` with 429 and Retry-After."""
        self._add_failure(method, _Failure(429, "ratelimited", retry_after, times, None))

    def fail(self, method: str, error: str, *, channel: str | None = None, times: int = 1) -> None:
        """Answer the next `times` calls of `method` (to `channel`) with ok:false `error`."""
        self._add_failure(method, _Failure(200, error, None, times, channel))

    def _add_failure(self, method: str, failure: _Failure) -> None:
        with self._lock:
            self._failures.setdefault(method, []).append(failure)

    # -- inspect --------------------------------------------------------------

    def calls_of(self, method: str, predicate: Callable[[Call], bool] | None = None) -> list[Call]:
        with self._lock:
            found = [c for c in self.calls if c.method == method]
        return [c for c in found if predicate is None or predicate(c)]

    def wait_for(
        self,
        method: str,
        predicate: Callable[[Call], bool] | None = None,
        count: int = 1,
        timeout: float = 10.0,
    ) -> list[Call]:
        """Poll until `count` successful calls of `method` match `predicate`; return them."""
        deadline = time.monotonic() + timeout
        while True:
            found = [c for c in self.calls_of(method, predicate) if c.ok]
            if len(found) >= count or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        assert len(found) >= count, (
            f"expected {count} {method} call(s), got {len(found)}; all calls: "
            + ", ".join(f"{c.method}({c.status}, ok={c.ok})" for c in self.calls)
        )
        return found

    def quiet_for(self, seconds: float, method: str, predicate: Callable[[Call], bool]) -> None:
        """Assert no call of `method` matching `predicate` arrives for `seconds`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert not self.calls_of(method, predicate), f"unexpected {method}"
            time.sleep(0.05)

    # -- serve ----------------------------------------------------------------

    def answer(
        self, method: str, body: dict[str, Any], path: str, token: str = ""
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        """(status, JSON body, headers) for one call; records it."""
        call = Call(method, body, path, time.monotonic(), token=token)
        with self._lock:
            self.calls.append(call)
            failure = self._take_failure(method, body)
        if failure is not None:
            call.status, call.ok = failure.status, False
            headers = (
                {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
            )
            return failure.status, {"ok": False, "error": failure.error}, headers
        problems = block_kit_problems(body)
        if problems:
            with self._lock:
                self.problems.append((method, problems))
            call.ok = False
            return 200, {"ok": False, "error": "invalid_blocks", "errors": problems}, {}
        result = self._result(method, body)
        call.ok = bool(result.get("ok"))
        call.result = result
        return 200, result, {}

    def receive_upload(self, path: str, data: bytes) -> None:
        """Bytes POSTed to an upload URL of files.getUploadURLExternal."""
        file_id = path.rsplit("/", 1)[-1]
        call = Call("upload", {"file_id": file_id, "length": len(data)}, path, time.monotonic())
        with self._lock:
            self.calls.append(call)
            self.uploads[file_id] = data

    def uploaded_file(self, file_id: str) -> bytes:
        """The bytes uploaded for `file_id`."""
        with self._lock:
            return self.uploads[file_id]

    def announcement(self, file_id: str) -> dict[str, Any]:
        """The files.getUploadURLExternal request that announced `file_id` (filename, length, alt_txt)."""
        for call in self.calls_of("files.getUploadURLExternal"):
            if call.result.get("file_id") == file_id:
                return call.body
        raise KeyError(file_id)

    def _take_failure(self, method: str, body: dict[str, Any]) -> _Failure | None:
        for failure in self._failures.get(method, []):
            channel = body.get("channel") or body.get("channel_id")  # files.* say channel_id
            if failure.times > 0 and failure.channel in (None, channel):
                failure.times -= 1
                return failure
        return None

    def _result(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://cibtest.slack.com/",
                "team": "cibwatch tests",
                "user": "cibwatch",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
            }
        if method in ("chat.postMessage", "chat.update"):
            ts = f"{1700000000 + next(self._ts)}.000100"
            with self._lock:
                self._posted.add((str(body.get("channel")), ts))
            return {
                "ok": True,
                "channel": body.get("channel"),
                "ts": ts,
                "message": {"text": body.get("text")},
            }
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"{1700000000 + next(self._ts)}.000200"}
        if method in ("views.open", "views.update"):
            return {"ok": True, "view": {"id": body.get("view_id") or "VEVIDENCE1", "hash": "h1"}}
        if method == "usergroups.users.list":
            members = self.usergroups.get(str(body.get("usergroup")))
            if members is None:
                return {"ok": False, "error": "no_such_subteam"}
            return {"ok": True, "users": list(members)}
        if method == "files.getUploadURLExternal":
            file_id = f"F{uuid.uuid4().hex[:10].upper()}"
            with self._lock:
                self._announced[file_id] = (str(body.get("filename")), int(body.get("length", -1)))
            return {
                "ok": True,
                "upload_url": f"http://127.0.0.1:{self.port}/upload/v1/{file_id}",
                "file_id": file_id,
            }
        if method == "files.completeUploadExternal":
            files = body.get("files")
            files = json.loads(files) if isinstance(files, str) else files or []
            done = []
            with self._lock:
                for f in files:
                    announced = self._announced.get(f.get("id"))
                    data = self.uploads.get(f.get("id"))
                    if announced is None or data is None or len(data) != announced[1]:
                        return {"ok": False, "error": "file_upload_not_complete"}
                    done.append({"id": f["id"], "name": announced[0], "title": f.get("title")})
            return {"ok": True, "files": done}
        if method == "chat.getPermalink":
            channel, ts = str(body.get("channel")), str(body.get("message_ts"))
            with self._lock:
                if (channel, ts) not in self._posted:
                    return {"ok": False, "error": "message_not_found"}
            return {
                "ok": True,
                "channel": channel,
                "permalink": f"https://cibtest.slack.com/archives/{channel}/p{ts.replace('.', '')}",
            }
        if method in ("functions.completeSuccess", "functions.completeError"):
            return self._complete(method, body)
        if method == "apps.connections.open":
            return {
                "ok": True,
                "url": f"ws://127.0.0.1:{self.port}/link/?ticket={uuid.uuid4().hex}",
            }
        return {"ok": True}

    def _complete(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        execution_id = str(body.get("function_execution_id"))
        with self._lock:
            callback_id = self._executions.get(execution_id)
            if callback_id is None:
                return {"ok": False, "error": "function_execution_not_found"}
            if execution_id in self._finished:
                return {"ok": False, "error": "execution_not_in_running_state"}
            if method == "functions.completeError":
                if not str(body.get("error") or "").strip():
                    return {"ok": False, "error": "invalid_arguments"}
            else:
                outputs = body.get("outputs")  # slack_sdk sends it JSON-encoded in a form
                outputs = json.loads(outputs) if isinstance(outputs, str) else outputs
                problems = output_problems(callback_id, outputs)
                if problems:
                    return {"ok": False, "error": "parameter_validation_failed", "errors": problems}
            self._finished.add(execution_id)
        return {"ok": True}

    # -- Socket Mode ------------------------------------------------------------

    def ws_attach(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)

    def ws_detach(self, sock: socket.socket) -> None:
        with self._lock:
            if sock in self._sockets:
                self._sockets.remove(sock)

    def wait_for_socket(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while not self._sockets:
            assert time.monotonic() < deadline, "the bot never opened a Socket Mode connection"
            time.sleep(0.05)

    def ws_send(self, message: dict[str, Any]) -> None:
        """Send a JSON text frame to every connected Socket Mode client."""
        data = json.dumps(message).encode()
        if len(data) < 126:
            header = struct.pack("!BB", 0x81, len(data))
        elif len(data) < 65536:
            header = struct.pack("!BBH", 0x81, 126, len(data))
        else:
            header = struct.pack("!BBQ", 0x81, 127, len(data))
        for sock in list(self._sockets):
            sock.sendall(header + data)


def _read_exact(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def _serve_websocket(fake: FakeSlack, sock: socket.socket) -> None:
    """Read client frames until the socket closes: pings get pongs, text is recorded."""
    fake.ws_attach(sock)
    try:
        while True:
            first, second = _read_exact(sock, 2)
            opcode, length = first & 0x0F, second & 0x7F
            if length == 126:
                (length,) = struct.unpack("!H", _read_exact(sock, 2))
            elif length == 127:
                (length,) = struct.unpack("!Q", _read_exact(sock, 8))
            mask = _read_exact(sock, 4) if second & 0x80 else b"\0\0\0\0"
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(_read_exact(sock, length)))
            if opcode == 0x8:
                return
            if opcode == 0x9:
                sock.sendall(struct.pack("!BB", 0x8A, len(payload)) + payload)
            elif opcode == 0x1:
                with fake._lock:
                    fake.ws_received.append(json.loads(payload))
    except (ConnectionError, OSError):
        return
    finally:
        fake.ws_detach(sock)


def _handler_for(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

        def _body(self) -> dict[str, Any]:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            query = parse_qs(urlparse(self.path).query)
            if raw.strip().startswith(b"{"):
                return json.loads(raw)
            form = parse_qs(raw.decode()) if raw else query
            return {k: v[0] for k, v in form.items()}

        def _send(self, status: int, body: dict[str, Any] | str, headers: dict[str, str]) -> None:
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            path = urlparse(self.path).path
            if path.startswith("/upload/"):
                fake.receive_upload(
                    path, self.rfile.read(int(self.headers.get("Content-Length") or 0))
                )
                self._send(200, f"OK - {self.headers.get('Content-Length')}", {})
                return
            body = self._body()
            if path.startswith("/response/"):
                status, answer, headers = fake.answer("response", body, path)
                # response_urls answer plain "ok" (or an error text), not JSON
                self._send(
                    status, "ok" if answer.get("ok") else answer.get("error", "error"), headers
                )
                return
            method = path.removeprefix("/api/")
            status, answer, headers = fake.answer(method, body, path, self._token(body))
            self._send(status, answer, headers)

        def _token(self, body: dict[str, Any]) -> str:
            bearer = self.headers.get("Authorization", "")
            return bearer.removeprefix("Bearer ") if bearer else str(body.get("token") or "")

        def do_GET(self) -> None:
            path = urlparse(self.path).path
            if path.startswith("/link") and self.headers.get("Upgrade", "").lower() == "websocket":
                key = self.headers["Sec-WebSocket-Key"]
                accept = base64.b64encode(hashlib.sha1((key + _WS_GUID).encode()).digest()).decode()
                self.send_response(101, "Switching Protocols")
                self.send_header("Upgrade", "websocket")
                self.send_header("Connection", "Upgrade")
                self.send_header("Sec-WebSocket-Accept", accept)
                self.end_headers()
                self.wfile.flush()
                _serve_websocket(fake, self.connection)
                self.close_connection = True
                return
            method = path.removeprefix("/api/")
            body = self._body()
            status, answer, headers = fake.answer(method, body, path, self._token(body))
            self._send(status, answer, headers)

    return Handler


# ---------------------------------------------------------------------------
# Reading what the bot sent
# ---------------------------------------------------------------------------


def view_of(call: Call) -> dict[str, Any]:
    """The view a views.open / views.update / views.publish call carried."""
    view = call.body["view"]
    return json.loads(view) if isinstance(view, str) else view


def blocks_text(body: dict[str, Any]) -> str:
    """Every text of a posted message, ack or view, as one string (for `in` checks)."""
    blocks = body.get("blocks")
    view = body.get("view")
    if isinstance(view, str):
        view = json.loads(view)
    if view:
        blocks = view.get("blocks")
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    return json.dumps(blocks or []) + " " + str(body.get("text", ""))


def blocks_of(body: dict[str, Any]) -> list[Any]:
    """The blocks of a posted message or ack (sent as JSON text or as a list)."""
    blocks = body.get("blocks")
    return json.loads(blocks) if isinstance(blocks, str) else blocks or []


def texts_of_type(value: object, kind: str) -> list[str]:
    """Every text of the text objects of `kind` ("mrkdwn", "plain_text") inside blocks or a view."""
    found: list[str] = []
    if isinstance(value, dict):
        if value.get("type") == kind:
            found.append(value.get("text", ""))
        for item in value.values():
            found.extend(texts_of_type(item, kind))
    elif isinstance(value, list):
        for item in value:
            found.extend(texts_of_type(item, kind))
    return found


def mrkdwn_texts(value: object) -> list[str]:
    """Every mrkdwn text inside blocks or a view (plain_text is never parsed for mentions)."""
    return texts_of_type(value, "mrkdwn")


def header_of(body: dict[str, Any]) -> str:
    """The header block's text of a posted card."""
    blocks = body["blocks"] if not isinstance(body["blocks"], str) else json.loads(body["blocks"])
    return next(b["text"]["text"] for b in blocks if b["type"] == "header")


def in_channel(channel: str, thread_ts: str | None = None) -> Callable[[Call], bool]:
    """A predicate for calls posting to `channel` (and thread `thread_ts`, if given)."""

    def matches(call: Call) -> bool:
        if call.body.get("channel") != channel:
            return False
        return thread_ts is None or call.body.get("thread_ts") == thread_ts

    return matches
