"""Platform links and account targets, as analysts type or paste them.

`parse_target` reads one thing a person typed: a handle (`@name`,
`x:@name`), a profile or post link on one of `PLATFORMS`, or any other link
(an article); `url_platform_target` reads the account or post a platform
link names (each platform's link grammar is in storage.platform_urls).
Links are compared in their canonical form (storage.urls).
Everything here is pure: no network, no store. Finding targets in a whole
Slack message is the handlers' job (handlers/slack_text.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from storage.ellipsis import cut
from storage.platform_urls import POST_ID, WORDY, read_platform_link
from storage.urls import HOST_PREFIXES, SCHEME, canonical_url

PLATFORMS: tuple[str, ...] = (
    "x",
    "facebook",
    "instagram",
    "tiktok",
    "youtube",
    "reddit",
    "medium",
    "pinterest",
    "telegram",
)


_PLATFORM_ALIASES: dict[str, str] = {
    **{name: name for name in PLATFORMS},
    "twitter": "x",
    "x.com": "x",
    "twitter.com": "x",
    "fb": "facebook",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "ig": "instagram",
    "insta": "instagram",
    "instagram.com": "instagram",
    "instagr.am": "instagram",
    "tiktok.com": "tiktok",
    "yt": "youtube",
    "youtube.com": "youtube",
    "youtu.be": "youtube",
    "reddit.com": "reddit",
    "medium.com": "medium",
    "pinterest.com": "pinterest",
    "tg": "telegram",
    "t.me": "telegram",
    "telegram.me": "telegram",
    "telegram.org": "telegram",
}

# ---------------------------------------------------------------------------
# Platforms and handles
# ---------------------------------------------------------------------------


def normalise_platform(name: str) -> str | None:
    """The platform name in `PLATFORMS` that `name` means ("twitter", "X.com" -> "x"), or None."""
    if not isinstance(name, str):
        return None
    key = name.strip().lower().removesuffix("/")
    for scheme in ("https://", "http://"):
        key = key.removeprefix(scheme)
    for prefix in HOST_PREFIXES:
        key = key.removeprefix(prefix + ".")
    return _PLATFORM_ALIASES.get(key)


def platform_names(platform: str) -> tuple[str, ...]:
    """Every name records may use for `platform` ("x" -> x, twitter, ...), for look-ups.

    Records keep the platform name they were loaded with, so the sweep CSV
    answers in the data's own words; look-ups accept any alias.
    """
    canonical = normalise_platform(platform) or platform.strip().lower()
    names = {canonical, platform.strip().lower()}
    names.update(k for k, v in _PLATFORM_ALIASES.items() if v == canonical and "." not in k)
    return tuple(sorted(names))


def normalise_handle(handle: str) -> str:
    """An account handle as stored: surrounding space and one leading "@" removed, lower-case.

    Handles are case-insensitive on every platform in `PLATFORMS`.
    """
    return handle.strip().removeprefix("@").lower()


# ---------------------------------------------------------------------------
# Targets
# ---------------------------------------------------------------------------


#: What a target names: (kind, platform, handle, post id, canonical URL).
TargetKey = tuple[str, str | None, str | None, str | None, str | None]


@dataclass(frozen=True, slots=True)
class Target:
    """One thing to check: an account, a post on a platform, or an article link."""

    kind: str  # "account" | "post" | "article"
    platform: str | None
    handle: str | None
    post_id: str | None
    url: str | None
    raw: str

    def label(self) -> str:
        """A short name for display: "x:@name", "@name", "x post 123" or the URL."""
        if self.kind == "account":
            return f"{self.platform}:@{self.handle}" if self.platform else f"@{self.handle}"
        if self.kind == "post":
            return f"{self.platform} post {self.post_id}"
        return self.url or self.raw

    def key(self) -> TargetKey:
        """What the target names, however it was written: equal keys, one check."""
        return (self.kind, self.platform, self.handle, self.post_id, self.url)


class TargetError(ValueError):
    """A typed target that cannot be read; the message is one line, shown to the user."""


_HOW = "use @name, x:@name, or paste a profile, post or article link"

# Handles as people type them. YouTube and Reddit names may also contain "-".
_TYPED_HANDLE = re.compile(r"[A-Za-z0-9_.]{1,50}")
_TYPED_HANDLE_WITH_DASH = re.compile(r"[A-Za-z0-9_.-]{1,50}")
# Hashed handles: the X/Twitter information-operations archives print the
# base64 SHA-256 hash of small accounts' ids in place of their handles
# ("tGpRofwHLXI5iuye+ZDKVW8yVCic9mkRLxTwiBbEOrU="), and analysts check them as
# typed: base64 letters with "+", "/" and "=" padding, 44 characters.
_HASHED_HANDLE = re.compile(r"[A-Za-z0-9+/]{43}=|[A-Za-z0-9+/]{42}==|[A-Za-z0-9+/]{44}")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_SCHEMELESS_URL = re.compile(r"(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?::[0-9]{1,5})?[/?]")
_SLACK_LINK = re.compile(r"<([^<>|]*)(?:\|[^<>]*)?>")


def slack_unescape(text: str) -> str:
    """Text as written, from Slack's escaped form (Slack escapes exactly &, < and >)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _shown(text: str) -> str:
    """User text for an error message: quoted, one line, short."""
    return repr(cut(text, 40))


def _typed_account(platform: str | None, handle_text: str, raw: str) -> Target:
    # A full stop after a handle ends the sentence, it is not part of the name.
    handle = handle_text.removeprefix("@").rstrip(".")
    if not handle:
        raise TargetError(f"{_shown(raw)} has no handle after the '@': {_HOW}.")
    if any(char.isspace() for char in handle):
        raise TargetError(f"Handles have no spaces ({_shown(raw)}): {_HOW}.")
    # Collected data holds handles the platforms' own rules would not allow
    # (dashes on x, telegram); a typed handle is looked up as given.
    typed = _TYPED_HANDLE_WITH_DASH.fullmatch(handle) or _HASHED_HANDLE.fullmatch(handle)
    if not typed or not WORDY.search(handle):
        raise TargetError(
            f"{_shown(raw)} is not a handle: handles are 1-50 letters, digits, '_' or '.'; {_HOW}."
        )
    return Target("account", platform, normalise_handle(handle), None, None, raw)


def link_target(url: str, raw: str) -> Target:
    """The target an http(s) link names (`raw`: as the user gave it); TargetError if it has no host."""
    canonical = canonical_url(url)
    if canonical is None:
        raise TargetError(f"{_shown(raw)} is not a web link with a host: {_HOW}.")
    found = url_platform_target(canonical)
    if found is not None:
        return Target(found.kind, found.platform, found.handle, found.post_id, canonical, raw)
    return Target("article", None, None, None, canonical, raw)


def parse_target(text: str) -> Target:
    """Read one target a user typed: "@name", "x:@name", "twitter:name", or a link.

    Links may be Slack-formatted (`<https://...|label>`) or lack the scheme
    when they start with a domain and a path ("x.com/name"). A profile or post
    link on one of `PLATFORMS` becomes an account or post target, any other
    http(s) link an article. A bare word without dots ("name") is a handle on
    no particular platform.

    Raises TargetError, with a one-line message saying what works, for empty
    text, spaces or invalid characters in a handle, an unknown platform
    prefix, Slack mentions, emails and non-http(s) links.
    """
    raw = text.strip() if isinstance(text, str) else ""
    if not raw:
        raise TargetError(f"Nothing to check: {_HOW}.")
    value = raw
    wrapped = _SLACK_LINK.fullmatch(value)
    if wrapped:
        value = wrapped.group(1)
        if value[:1] in ("@", "#", "!"):
            raise TargetError(f"That is a Slack mention, not an account on a platform: {_HOW}.")
    value = slack_unescape(value).strip()
    if not value:
        raise TargetError(f"Nothing to check: {_HOW}.")
    scheme = SCHEME.fullmatch(value)
    if scheme:
        if scheme.group(1).lower() not in ("http", "https"):
            raise TargetError(
                f"Only http(s) links can be checked, not {scheme.group(1)[:20]!r} links: {_HOW}."
            )
        if any(char.isspace() for char in value):
            raise TargetError(f"A link has no spaces ({_shown(raw)}): {_HOW}.")
        return link_target(value, raw)
    if value.lower().startswith("www.") or _SCHEMELESS_URL.match(value):
        if any(char.isspace() for char in value):
            raise TargetError(f"A link has no spaces ({_shown(raw)}): {_HOW}.")
        return link_target("https://" + value, raw)
    if value.lower().startswith("mailto:") or _EMAIL.fullmatch(value):
        raise TargetError(f"{_shown(raw)} is an email address, not an account: {_HOW}.")
    if value.startswith("@"):
        return _typed_account(None, value, raw)
    prefix, colon, handle = value.partition(":")
    if colon:
        prefix = prefix.strip()
        if prefix.lower() in ("http", "https"):
            raise TargetError(f"Links start with http:// or https:// ({_shown(raw)}): {_HOW}.")
        platform = normalise_platform(prefix)
        if platform is None:
            raise TargetError(
                f"Unknown platform {_shown(prefix)}: use one of {', '.join(PLATFORMS)} "
                f"as in x:@name, or paste a link."
            )
        return _typed_account(platform, handle, raw)
    if "." in value and _TYPED_HANDLE.fullmatch(value):
        # "first.last" could be an Instagram handle or a domain; guessing
        # wrong would check the wrong thing, so ask.
        raise TargetError(
            f"{_shown(raw)} could be a handle or a site: write @{value[:40]} "
            f"or https://{value[:40]}."
        )
    return _typed_account(None, value, raw)


def url_platform_target(url: str) -> Target | None:
    """The account or post that `url` links to on one of `PLATFORMS`, or None.

    None for links elsewhere, and for platform pages that are neither a
    profile nor a post (search, settings, hashtags, groups, subreddits, ...).
    The target's `url` is the canonical URL, `raw` is `url` as given.
    """
    canonical = canonical_url(url)
    if canonical is None:
        return None
    found = read_platform_link(canonical)
    if found is None:
        return None
    handle = normalise_handle(found.handle) if found.handle else None
    return Target(found.kind, found.platform, handle, found.post_id, canonical, url)


# ---------------------------------------------------------------------------
# Post ids as platforms and exports write them
# ---------------------------------------------------------------------------


def post_id_forms(target: Target, owners: Iterable[tuple[str, str | None]] = ()) -> tuple[str, ...]:
    """Every id the post `target` names may be stored under, the link's own form first.

    Collections write one post's id the way their source does: Reddit's API
    a fullname (`t3_0ot27f7`) where PRAW and dumps often keep the bare id;
    the Graph API a Facebook post as `PAGE_POST` where a link shows
    `/PAGE/posts/POST`; Telegram exports `CHAT/MESSAGE` with the chat's
    numeric id (`-100...` in the Bot API) where a link shows the channel's
    name. `owners` are (handle, author id) of stored accounts the link's
    account may be (a page or channel by name), whose ids stand in for it.
    """
    post_id = target.post_id
    if not post_id:
        return ()
    forms = [post_id]
    if target.platform == "reddit" and post_id[:3] in ("t1_", "t3_"):
        forms.append(post_id[3:])
    elif target.platform == "facebook":
        post = post_id.rpartition("_")[2]
        forms.append(post)
        for handle, author_id in owners:
            forms.extend(f"{page}_{post}" for page in (author_id, handle) if page)
    elif target.platform == "telegram":
        chat, _, message = post_id.rpartition("/")
        if chat.isdigit():
            forms.append(f"-100{chat}/{message}")
        else:
            forms.append(f"{chat.lower()}/{message}")
        for handle, author_id in owners:
            forms.extend(f"{name}/{message}" for name in (handle, author_id) if name)
    return tuple(dict.fromkeys(forms))


def post_url(
    platform: str, post_id: str, handle: str | None = None, parent: str | None = None
) -> str | None:
    """A link to a stored post, that `url_platform_target` reads back to the same post.

    `handle` is its author's; `parent` the post it replies to (a YouTube
    comment's video, a Reddit comment's submission: neither can be linked
    without it). None when the platform or the id gives nothing to link.
    """
    name = normalise_platform(platform) or platform
    if not POST_ID.fullmatch(post_id.replace("/", "").replace("_", "")):
        return None
    if name == "x":
        return f"https://x.com/{handle or 'i'}/status/{post_id}"
    if name == "facebook":
        page, _, post = post_id.rpartition("_")
        if page:
            return f"https://www.facebook.com/{page}/posts/{post}"
        return f"https://www.facebook.com/{handle}/posts/{post_id}" if handle else None
    if name == "instagram":
        return f"https://www.instagram.com/p/{post_id}/"
    if name == "tiktok":
        return f"https://www.tiktok.com/@{handle}/video/{post_id}" if handle else None
    if name == "youtube":
        if parent:
            return f"https://www.youtube.com/watch?v={parent}&lc={post_id}"
        return f"https://www.youtube.com/watch?v={post_id}"
    if name == "reddit":
        kind, _, bare = post_id.rpartition("_")
        if kind == "t1":
            # Only the submission makes a comment's link: a comment above it will not do.
            submission = (
                "" if (parent or "").startswith("t1_") else (parent or "").removeprefix("t3_")
            )
            return f"https://www.reddit.com/comments/{submission}/_/{bare}/" if submission else None
        return f"https://www.reddit.com/comments/{bare}/"
    if name == "medium":
        return f"https://medium.com/p/{post_id}"
    if name == "pinterest":
        return f"https://www.pinterest.com/pin/{post_id}/"
    if name == "telegram":
        chat, _, message = post_id.rpartition("/")
        if not chat or not message.isdigit():
            return None
        if chat.lstrip("-").isdigit():
            return f"https://t.me/c/{chat.removeprefix('-100').lstrip('-')}/{message}"
        return f"https://t.me/{chat}/{message}"
    return None
