"""Slack message text: the targets pasted in it, and command text as a person wrote it.

Slack sends message and command text in its own markup: links as
`<https://...|label>`, mentions as `<@U123>`, `<!channel>` and `<#C123|name>`,
and `&`, `<`, `>` escaped. `find_targets` reads every handle and link an
analyst pasted into a message (one target is read by storage.links,
which also serves the command line); `readable` turns command text back into
what the person typed, for reasons stored with flags.
"""

from __future__ import annotations

import re

from storage.links import (
    Target,
    TargetError,
    TargetKey,
    link_target,
    normalise_platform,
    parse_target,
    slack_unescape,
)

_MESSAGE_TOKEN = re.compile(
    r"<(?P<slack>[^<>]*)>"
    r"|(?P<url>\bhttps?://[^\s<>]+)"
    r"|(?<![\w@./])(?P<prefix>[A-Za-z][A-Za-z0-9.]{0,20}):(?P<prefixed>@[A-Za-z0-9_.-]{1,50})"
    r"(?![A-Za-z0-9_@.-])"
    # "@dave-smith" is not "@dave": a handle running on into "-" is skipped, not cut.
    r"|(?<![\w@./])(?P<bare>@[A-Za-z0-9_.]{1,50})(?![A-Za-z0-9_@.-])",
    re.IGNORECASE,
)
_TRAILING_PUNCTUATION = ".,;:!?'\"*_~"
_HTTP_PREFIX = re.compile(r"https?://", re.IGNORECASE)


def _trim_bare_url(url: str) -> str:
    """`url` without the sentence's closing marks: "(see https://a.com/x)." keeps https://a.com/x.

    Trailing punctuation goes, and so does a ")" that closes nothing opened in
    the URL. One pass from the end, O(len(url)): a message is up to 40,000
    characters and this runs on every link in it.
    """
    opened = url.count("(")
    closed = url.count(")")
    end = len(url)
    while end:
        last = url[end - 1]
        if last in _TRAILING_PUNCTUATION:
            end -= 1
        elif last == ")" and opened < closed:
            closed -= 1
            end -= 1
        else:
            break
    return url[:end]


def _token_target(match: re.Match[str]) -> Target | None:
    slack = match.group("slack")
    if slack is not None:
        # <@U123>, <#C123|name>, <!here>, <!subteam^S1>, <mailto:...>: not targets.
        link = slack_unescape(slack.split("|", 1)[0]).strip()
        return _maybe_link(link) if _HTTP_PREFIX.match(link) else None
    url = match.group("url")
    if url is not None:
        return _maybe_link(_trim_bare_url(slack_unescape(url)))
    prefixed = match.group("prefixed")
    if prefixed is not None:
        handle = prefixed.rstrip(".")
        prefix = match.group("prefix")
        if normalise_platform(prefix) is None:
            # "cc:@name": the prefix is prose, the handle still stands.
            return _maybe(handle) if "-" not in handle else None
        return _maybe(f"{prefix}:{handle}")
    return _maybe(match.group("bare").rstrip("."))


def _maybe_link(url: str) -> Target | None:
    # Already unescaped: going through parse_target would unescape twice.
    try:
        return link_target(url, url)
    except TargetError:
        return None


def _maybe(text: str) -> Target | None:
    try:
        return parse_target(text)
    except TargetError:
        return None


def find_targets(message_text: str, limit: int = 50) -> list[Target]:
    """All targets in a Slack message text, in order of appearance, without duplicates.

    Reads Slack links (`<https://...|label>`), bare http(s) URLs, `@handle`
    and `platform:@handle`; ignores user and channel mentions, `<!here>` and
    other special links, and email addresses. Duplicates are those with the
    same kind, platform, handle, post id and URL. At most `limit` targets.
    """
    if not isinstance(message_text, str) or limit <= 0:
        return []
    found: list[Target] = []
    seen: set[TargetKey] = set()
    for match in _MESSAGE_TOKEN.finditer(message_text):
        target = _token_target(match)
        if target is None or target.key() in seen:
            continue
        seen.add(target.key())
        found.append(target)
        if len(found) >= limit:
            break
    return found


_SPECIAL = re.compile(r"<!(channel|here|everyone)(?:\|[^>]*)?>")
_SUBTEAM = re.compile(r"<!subteam\^[A-Z0-9]+(?:\|@?([^>]*))?>")
_USER = re.compile(r"<@([A-Z0-9]+)(?:\|([^>]*))?>")
_CHANNEL = re.compile(r"<#[A-Z0-9]+(?:\|([^>]*))?>")
_LINK = re.compile(r"<([^<>|]+)(?:\|[^<>]*)?>")


def readable(text: str) -> str:
    """Slack-formatted command text as a person wrote it: "@channel", not "<!channel>".

    Stored reasons are plain text; cards escape them when shown, so nothing
    in a reason can ping or format anything.
    """
    text = _SPECIAL.sub(lambda m: "@" + m.group(1), text)
    text = _SUBTEAM.sub(lambda m: "@" + (m.group(1) or "group"), text)
    text = _USER.sub(lambda m: "@" + (m.group(2) or m.group(1)), text)
    text = _CHANNEL.sub(lambda m: "#" + (m.group(1) or "channel"), text)
    text = _LINK.sub(lambda m: m.group(1), text)
    return slack_unescape(text).strip()
