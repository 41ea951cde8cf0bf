"""Published indicators: the accounts, posts, links and domains of operations platforms took down.

Platforms publish them with their takedown reports. Meta's threat-research
repository has one table per report, as CSV and as TSV, with the columns
`Tactic, Technique, Procedure, Indicator, Note` (some reports call the last
one `Comments`), one indicator a row, links defanged (`twitter[.]com`,
`hxxps://`). Analysts also keep plain lists: one handle, profile link or
domain a line. `read_indicator_file` reads either into `Indicator`s, in the
canonical forms the store uses for what it matches them against: handles as
`storage.links` reads targets, links as `storage.urls` canonicalises them.

Rows that name nothing checkable (the report's counts such as "7,704
Facebook accounts", titles of the operation's posts, descriptions of its
methods) are kept as rejects with their line and reason, like ingest's.
Pure: no store, no network.
"""

from __future__ import annotations

import csv
import ipaddress
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from storage.links import (
    Target,
    TargetError,
    link_target,
    normalise_platform,
    parse_target,
)
from storage.records import Rejected
from storage.urls import SCHEME, canonical_url

#: Indicator files are reports' appendices (Meta's largest is under 1 MB); anything
#: far bigger is not one, and is refused before it is read into memory.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Longest indicator kept (a canonical link fits the store's URL columns).
MAX_INDICATOR = 2048
#: Longest source name, technique, procedure or note kept.
MAX_LABEL = 400

#: Column names of a published indicator table, lower-cased, and the field each fills.
#: Meta's reports since 2023 use Tactic, Technique, Procedure, Indicator, Note;
#: the older ones indicator_type, indicator_value, comment, ds.
COLUMNS: dict[str, str] = {
    "indicator_value": "indicator",
    "indicator_type": "type",
    "tactic": "tactic",
    "technique": "technique",
    "procedure": "procedure",
    "indicator": "indicator",
    "indicators": "indicator",
    "note": "note",
    "notes": "note",
    "comment": "note",
    "comments": "note",
}

# Defanging as threat reports write it: "[.]", "(.)", "{.}", "[dot]" for dots, "hxxp" for
# http, "[:]", "{:}" and "[://]" for the scheme's colon, "[at]" for "@".
_DEFANGED = (
    (re.compile(r"\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}", re.IGNORECASE), "."),
    (re.compile(r"\bh(?:xx|\*\*)p(s?)(?=[\[({]?:)", re.IGNORECASE), r"http\1"),
    (re.compile(r"[\[({]:[\])}]//|\[://\]|:\[//\]"), "://"),
    (re.compile(r"\[:\]|\(:\)|\{:\}"), ":"),
    (re.compile(r"\[/\]"), "/"),
    (re.compile(r"\[at\]|\[@\]", re.IGNORECASE), "@"),
)
_COUNT = re.compile(r"[0-9][0-9,.]*\s+\S")
#: Older tables' indicator types that name files and apps, never accounts, links or sites.
NOT_CHECKABLE_TYPES = ("md5", "sha1", "sha256", "app_id", "package_name")
_DOMAIN_END = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")


def refang(text: str) -> str:
    """`text` with threat-report defanging undone: "hxxps://x[.]com" -> "https://x.com"."""
    for pattern, replacement in _DEFANGED:
        text = pattern.sub(replacement, text)
    return text


class IndicatorKind(StrEnum):
    """What an indicator names, and so which checks it matches."""

    ACCOUNT = "account"  # a handle on a platform (or on any platform): key is the handle
    POST = "post"  # a post on a platform: key is its post id
    DOMAIN = "domain"  # a site: key is its host; its subdomains match too
    LINK = "link"  # any other page: key is its canonical URL


@dataclass(frozen=True, slots=True)
class Indicator:
    """One published indicator, in the form checks are matched against, and as published."""

    kind: IndicatorKind
    platform: str  # a name in storage.links.PLATFORMS, or "" for none (any platform)
    key: str
    published: str  # the indicator exactly as the file gives it (defanged)
    line: int
    tactic: str = ""
    technique: str = ""
    procedure: str = ""
    note: str = ""

    def label(self) -> str:
        """A short name: "x:@name", "@name", "x post 123", "domain rrn.so" or the link."""
        if self.kind is IndicatorKind.ACCOUNT:
            return f"{self.platform}:@{self.key}" if self.platform else f"@{self.key}"
        if self.kind is IndicatorKind.POST:
            return f"{self.platform} post {self.key}"
        if self.kind is IndicatorKind.DOMAIN:
            return f"domain {self.key}"
        return self.key


class IndicatorError(ValueError):
    """Why one line names no indicator; the message is shown to the user."""


class IndicatorFileError(Exception):
    """A whole file cannot be read as indicators; the message is one line, user-facing."""


@dataclass
class IndicatorFile:
    """What a file holds: its indicators (each once), the lines refused, and its shape."""

    shape: str  # "table" (a published CSV/TSV) or "list" (one indicator a line)
    indicators: list[Indicator] = field(default_factory=list)
    rejects: list[Rejected] = field(default_factory=list)
    duplicates: int = 0  # lines naming an indicator an earlier line named
    rows: int = 0  # lines or rows read, blank ones left out


def host_of(url: str) -> str:
    """The host of a canonical URL ("https://host[:port]/..." -> "host")."""
    rest = url.removeprefix("https://")
    end = min((i for i in (rest.find(c) for c in "/?:") if i >= 0), default=len(rest))
    return rest[:end]


def domains_of(host: str) -> list[str]:
    """`host` and each domain above it with at least two labels: a.b.rrn.so -> a.b.rrn.so, b.rrn.so, rrn.so."""
    labels = host.split(".")
    return [".".join(labels[i:]) for i in range(max(1, len(labels) - 1))]


def _whole_platform(host: str) -> bool:
    return normalise_platform(host) is not None


def _from_target(target: Target) -> tuple[IndicatorKind, str, str]:
    if target.kind == "account":
        assert target.handle is not None
        return IndicatorKind.ACCOUNT, target.platform or "", target.handle
    if target.kind == "post":
        assert target.post_id is not None and target.platform is not None
        return IndicatorKind.POST, target.platform, target.post_id
    assert target.url is not None
    host = host_of(target.url)
    if target.url.rstrip("/") == f"https://{host}":
        if _whole_platform(host):
            raise IndicatorError(f"{host} is a whole platform, not an account, post or site of one")
        return IndicatorKind.DOMAIN, "", host
    return IndicatorKind.LINK, "", target.url


def _domain(text: str) -> str | None:
    """The host `text` names when it is a bare domain ("rrn.so"), else None."""
    canonical = canonical_url("https://" + text)
    if canonical is None or canonical != f"https://{host_of(canonical)}":
        return None
    host = host_of(canonical)
    try:
        ipaddress.IPv4Address(host)
        return host
    except ValueError:
        pass
    return host if _DOMAIN_END.fullmatch(host.rsplit(".", 1)[-1]) else None


def _describe(text: str) -> str:
    shown = text if len(text) <= 60 else text[:59] + "…"
    if _COUNT.match(text):
        return f"{shown!r} is a count, not a handle, link or domain"
    return f"{shown!r} is a description or title, not a handle, link or domain"


def parse_indicator(text: str, *, bare_handles: bool = True) -> tuple[IndicatorKind, str, str, str]:
    """(kind, platform, key, annotation) of one published indicator, defanged or not.

    Reads profile and post links on the platforms cibwatch knows as accounts
    and posts (storage.links), a link with only a host ("https://rrn[.]so",
    "rrn.so") as a domain, any other link as that page (canonical URL), and
    `@name` and `x:@name` as a handle, and a bare name without dots too
    unless `bare_handles` is False (published tables name their outlets and
    personas bare: "7Sabah" is not a handle there). A link may be followed by
    a remark ("https://… [comment]"): the remark is the annotation. Raises
    IndicatorError saying why for anything else: counts, titles,
    descriptions, whole platforms, emails, links without a host.
    """
    value = refang(text.strip())
    annotation = ""
    if any(char.isspace() for char in value):
        first, rest = re.split(r"\s+", value, maxsplit=1)
        is_link = SCHEME.match(first) or first.lower().startswith("www.")
        # "jiraboom[.]pro (Hosted a spoof of Der Spiegel)": a domain with a remark in
        # brackets. Without the brackets, "Rep.Jim Banks" would read as a domain.
        remarked_domain = rest[:1] in "([" and _domain(first) is not None
        if not (is_link or remarked_domain):
            raise IndicatorError(_describe(text.strip()))
        value, annotation = first, rest.strip()
    if len(value) > MAX_INDICATOR:
        raise IndicatorError(f"longer than {MAX_INDICATOR} characters")
    if "/" not in value and "@" not in value and ":" not in value and "." in value:
        host = _domain(value)
        if host is None:
            raise IndicatorError(
                f"{value[:60]!r} is neither a domain nor a handle: write @{value[:40]} for a handle"
            )
        if _whole_platform(host):
            raise IndicatorError(f"{host} is a whole platform, not an account, post or site of one")
        return IndicatorKind.DOMAIN, "", host, annotation
    if not bare_handles and not any(char in value for char in "@:/."):
        raise IndicatorError(
            f"{value[:60]!r} is a name or title, not a handle, link or domain (a table "
            "lists accounts as profile links, @name or platform:@name)"
        )
    try:
        if SCHEME.match(value) and not value.lower().startswith(("http://", "https://")):
            raise IndicatorError(
                f"only web links are indicators, not {value.split(':', 1)[0]!r} links"
            )
        target = link_target(value, value) if SCHEME.match(value) else parse_target(value)
    except TargetError as exc:
        raise IndicatorError(str(exc)) from None
    kind, platform, key = _from_target(target)
    return kind, platform, key, annotation


def _clip(text: str | None, limit: int = MAX_LABEL) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Collector:
    """Indicators in file order, each (kind, platform, key) once; rejects with their lines."""

    def __init__(self, shape: str) -> None:
        self.result = IndicatorFile(shape=shape)
        self._bare_handles = shape == "list"
        self._seen: set[tuple[IndicatorKind, str, str]] = set()

    def add(self, line: int, raw: str, columns: dict[str, str]) -> None:
        self.result.rows += 1
        try:
            listed_as = columns.get("type", "").strip().lower()
            if listed_as.endswith(NOT_CHECKABLE_TYPES):
                raise IndicatorError(f"listed as {listed_as}: not a handle, link or domain")
            kind, platform, key, annotation = parse_indicator(raw, bare_handles=self._bare_handles)
        except IndicatorError as exc:
            self.result.rejects.append(Rejected(line=line, reason=str(exc), raw=raw))
            return
        if (kind, platform, key) in self._seen:
            self.result.duplicates += 1
            return
        self._seen.add((kind, platform, key))
        note = columns.get("note", "")
        if annotation:
            note = f"{annotation}; {note}" if note else annotation
        self.result.indicators.append(
            Indicator(
                kind=kind,
                platform=platform,
                key=key,
                published=_clip(raw, MAX_INDICATOR),
                line=line,
                tactic=_clip(columns.get("tactic")),
                technique=_clip(columns.get("technique")),
                procedure=_clip(columns.get("procedure")),
                note=_clip(note),
            )
        )


def _header(first: str) -> tuple[str, list[str]] | None:
    """(delimiter, field per column) when `first` is a published table's header row."""
    for delimiter in ("\t", ","):
        if delimiter not in first:
            continue
        names = next(csv.reader([first], delimiter=delimiter))
        fields = [COLUMNS.get(name.strip().lower(), "") for name in names]
        if "indicator" in fields:
            return delimiter, fields
    return None


def _read_table(text: str, delimiter: str, fields: list[str]) -> IndicatorFile:
    collector = _Collector("table")
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    next(reader)  # the header
    line = reader.line_num + 1
    for row in reader:
        values = {name: value for name, value in zip(fields, row, strict=False) if name}
        raw = values.get("indicator", "").strip()
        if raw:
            collector.add(line, raw, values)
        elif any(value.strip() for value in row):
            collector.result.rows += 1
            collector.result.rejects.append(
                Rejected(line=line, reason="the Indicator column is empty", raw=delimiter.join(row))
            )
        line = reader.line_num + 1
    return collector.result


def _read_list(text: str) -> IndicatorFile:
    collector = _Collector("list")
    for number, line in enumerate(text.splitlines(), start=1):
        raw = line.strip()
        if raw and not raw.startswith("#"):
            collector.add(number, raw, {})
    return collector.result


def read_indicator_file(path: Path) -> IndicatorFile:
    """The indicators in the file at `path`: a published table (CSV or TSV) or a plain list.

    A table is told by its header row, which has an `Indicator` column (and
    Meta's Tactic, Technique, Procedure and Note or Comments columns, kept
    with each indicator); anything else is read as one indicator a line,
    blank lines and lines starting with "#" left out. A UTF-8 byte order mark
    is ignored. Raises IndicatorFileError, with one line saying why, for a
    file that is missing, a folder, empty, too large, binary, not UTF-8, or a
    table without an Indicator column.
    """
    try:
        if path.is_dir():
            raise IndicatorFileError(f"{path} is a folder, not an indicator file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise IndicatorFileError(
                f"{path} is {size / 1e6:.0f} MB: an indicator file is a report's list, "
                f"at most {MAX_FILE_BYTES // 1_000_000} MB"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise IndicatorFileError(f"{path} does not exist") from None
    except OSError as exc:
        raise IndicatorFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    if b"\x00" in data[:8192]:
        raise IndicatorFileError(
            f"{path} is not text (a binary or compressed file?): expected CSV, TSV or one "
            "indicator a line"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise IndicatorFileError(
            f"{path} is not UTF-8 text (line {line}, byte {exc.start})"
        ) from None
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise IndicatorFileError(f"{path} is empty: no indicators in it")
    header = _header(lines[0])
    if header is not None:
        return _read_table(text, *header)
    first = lines[0]
    if ("," in first or "\t" in first) and not (SCHEME.match(first.strip())):
        raise IndicatorFileError(
            f"{path} looks like a table without an Indicator column: expected the columns "
            "Tactic, Technique, Procedure, Indicator, Note (as Meta publishes them), or one "
            "handle, profile link or domain a line"
        )
    return _read_list(text)
