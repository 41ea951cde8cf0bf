"""What a fetched page says about itself: its canonical URL and title, read from `<head>`.

`services.resolver` fetches a link under its safety rules and hands the
response here: `read_head` reads the body only up to the end of `<head>`
(bounded in bytes, after decompression, and in time), and `PageHead.read`
decodes it and picks out `og:url`, `<link rel=canonical>`, `og:title` and
`<title>`. Nothing here opens a connection; broken markup and unknown
charsets are read as far as they go, never raised.
"""

from __future__ import annotations

import codecs
import re
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

import httpx

from storage.ellipsis import cut
from storage.urls import canonical_url

#: Longest title kept (characters), on one line.
MAX_TITLE = 300

_HEAD_END = re.compile(rb"</head\s*>|<body[\s>]", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
#: Labels that name a narrower encoding than the one pages in them really use.
_CHARSET_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
}


class PageUnreadable(Exception):
    """The page's body cannot be read; `reason` is short and user-facing."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_head(response: httpx.Response, limit: int, deadline: float) -> bytes:
    """The decoded body up to the end of `<head>`, at most `limit` bytes; stops at the deadline.

    Raises PageUnreadable for a compression it does not read or a damaged
    stream, and httpx's errors for the connection.
    """
    inflate = _inflater(response.headers.get("content-encoding", ""))
    body = bytearray()
    for chunk in response.iter_raw():
        start = max(0, len(body) - 8)
        body += inflate(chunk, limit - len(body))
        if len(body) >= limit or _HEAD_END.search(body, start) or time.monotonic() > deadline:
            break
    return bytes(body[:limit])


def _inflater(encoding: str) -> Callable[[bytes, int], bytes]:
    """A decoder for one content-encoding that never returns more than it is asked for."""
    name = encoding.strip().lower()
    if name in ("", "identity"):
        return lambda chunk, room: chunk[:room]
    if name not in ("gzip", "x-gzip", "deflate"):
        raise PageUnreadable("the page is compressed in a way cibwatch does not read")
    # 32 + MAX_WBITS: accept gzip and zlib headers alike. `max_length` caps
    # the output, so a small compressed bomb cannot expand in memory.
    decompressor = zlib.decompressobj(32 + zlib.MAX_WBITS)

    def inflate(chunk: bytes, room: int) -> bytes:
        try:
            return decompressor.decompress(chunk, room)
        except zlib.error:
            raise PageUnreadable("could not read the page") from None

    return inflate


def _decode(body: bytes, declared: str | None) -> str:
    sniffed = _META_CHARSET.search(body[:4096])
    names = [declared, sniffed.group(1).decode("ascii") if sniffed else None, "utf-8"]
    for name in names:
        if not name:
            continue
        name = _CHARSET_SUPERSETS.get(name.strip().lower(), name.strip())
        try:
            codecs.lookup(name)
        except LookupError:
            continue
        return body.decode(name, errors="replace")
    return body.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class PageHead:
    """What a page's `<head>` claims: its own URL (og:url, rel=canonical) and its title."""

    og_url: str | None
    link_canonical: str | None
    title: str | None  # og:title, else <title>, on one line, at most MAX_TITLE characters

    @classmethod
    def read(cls, body: bytes, declared_charset: str | None) -> PageHead:
        """The head of `body`, decoded by the declared, the `<meta>` or else UTF-8 charset."""
        parser = _HeadParser()
        try:
            parser.feed(_decode(body, declared_charset))
            parser.close()
        except Exception:  # noqa: BLE001 - a page that breaks the parser still gave what it had
            pass
        return cls(parser.og_url, parser.link_canonical, parser.title())

    def canonical(self, final: httpx.URL) -> str | None:
        """The page's own og:url or rel=canonical (absolute, same site), else the final URL."""
        fallback = canonical_url(str(final))
        for claimed in (self.og_url, self.link_canonical):
            if not claimed:
                continue
            try:
                candidate = canonical_url(str(final.join(claimed)))
            except (httpx.InvalidURL, TypeError, ValueError):
                continue
            # A page speaks only for its own site: a short link to evil.example
            # claiming og:url = an article elsewhere must not be checked as that article.
            if candidate and fallback and _same_site(_host_of(candidate), _host_of(fallback)):
                return candidate
        return fallback


def _host_of(url: str) -> str:
    return httpx.URL(url).host


def _same_site(claimed: str, actual: str) -> bool:
    """True if one host is the other or a subdomain of it (amp.site.com and site.com)."""
    return claimed == actual or actual.endswith("." + claimed) or claimed.endswith("." + actual)


class _HeadParser(HTMLParser):
    """Collects og:url, rel=canonical, og:title and the first <title>, tolerating broken markup."""

    # Newer patch releases read <title> as raw text up to </title>: an
    # unclosed one would swallow the og: tags after it. Read it as markup.
    RCDATA_CONTENT_ELEMENTS = ("textarea",)  # type: ignore[misc]  # Final in typeshed only

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.og_url: str | None = None
        self.link_canonical: str | None = None
        self.og_title: str | None = None
        self.title_parts: list[str] = []
        self._in_title = False
        self._title_done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._in_title:  # an unclosed <title>: the next tag ends it
            self._end_title()
        values = {name: (value or "").strip() for name, value in attrs}
        if tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.link_canonical = self.link_canonical or values.get("href") or None
        elif tag == "meta":
            key = (values.get("property") or values.get("name") or "").lower()
            content = values.get("content") or None
            if key == "og:url":
                self.og_url = self.og_url or content
            elif key == "og:title":
                self.og_title = self.og_title or content
        elif tag == "title" and not self._title_done:
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if self._in_title:
            self._end_title()

    def handle_data(self, data: str) -> None:
        if self._in_title and sum(map(len, self.title_parts)) < 4 * MAX_TITLE:
            self.title_parts.append(data)

    def _end_title(self) -> None:
        self._in_title = False
        self._title_done = True

    def title(self) -> str | None:
        """og:title, else <title>, on one line and at most MAX_TITLE characters."""
        text = " ".join((self.og_title or "".join(self.title_parts)).split())
        return cut(text, MAX_TITLE) or None
