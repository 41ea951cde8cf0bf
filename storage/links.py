"""Platform links and account targets, as analysts type or paste them.

`parse_target` reads one thing a person typed: a handle (`@name`,
`x:@name`), a profile or post link on one of `PLATFORMS`, or any other link
(an article); `url_platform_target` reads the account or post a platform
link names. Links are compared in their canonical form (storage.urls).
Everything here is pure: no network, no store. Finding targets in a whole
Slack message is the handlers' job (handlers/slack_text.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote

from storage.ellipsis import cut
from storage.urls import HOST_PREFIXES, SCHEME, canonical_url, site_matches, words

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
# Handles read from a link's path are checked more loosely: the site accepted them.
_PATH_HANDLE = re.compile(r"[A-Za-z0-9_.-]{1,100}")
_POST_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")
_DIGITS = re.compile(r"[0-9]{1,30}")
_WORDY = re.compile(r"[A-Za-z0-9_]")
_X_HANDLE = re.compile(r"[A-Za-z0-9_]{1,50}")
_INSTAGRAM_HANDLE = re.compile(r"[A-Za-z0-9_.]{1,30}")
_TELEGRAM_HANDLE = re.compile(r"[A-Za-z0-9_]{1,64}")
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
    if not typed or not _WORDY.search(handle):
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


# ---------------------------------------------------------------------------
# Platform links
# ---------------------------------------------------------------------------

_Match = tuple[str, str | None, str | None]  # (kind, handle, post_id)

_X_RESERVED = words(
    """
    home search explore i intent share hashtag settings messages notifications login
    logout signup tos privacy compose about jobs download lists topics communities
    bookmarks account help premium rules who_to_follow following followers status
    oauth en
    """
)
_X_PROFILE_TABS = frozenset(
    {"with_replies", "media", "likes", "highlights", "articles", "followers", "following"}
)
_FACEBOOK_RESERVED = words(
    """
    groups events marketplace watch gaming login settings help privacy policies
    sharer share dialog plugins hashtag search stories photo photos video videos
    reel reels notifications messages friends bookmarks ads business legal about
    careers media places pages people pg l home feed saved memories fundraisers live
    """
)
_FACEBOOK_TABS = frozenset(
    {"about", "photos", "videos", "friends", "followers", "following", "posts", "reels", "events"}
)
_INSTAGRAM_RESERVED = words(
    """
    p reel reels tv explore accounts stories direct about legal developer web
    challenge emails session privacy terms api graphql static create oauth s
    highlights
    """
)
_INSTAGRAM_TABS = frozenset({"tagged", "reels", "saved", "followers", "following", "guides"})
_YOUTUBE_TABS = words(
    """
    videos shorts streams featured about community playlists posts live podcasts
    releases
    """
)
_MEDIUM_TABS = frozenset({"about", "followers", "following", "lists", "archive", "has-recommended"})
_MEDIUM_SUBDOMAINS_NOT_USERS = frozenset(
    {"help", "policy", "blog", "about", "cdn-images-1", "miro", "link", "api", "design", "email"}
)
_MEDIUM_ID = re.compile(r"(?:.*-)?([0-9a-f]{8,16})")
_PINTEREST_HOST = re.compile(
    r"(?:[a-z]{2}\.)?pinterest\.(?:com|[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})"
)
_PINTEREST_RESERVED = words(
    """
    pin search ideas today explore business settings login logout about categories
    topics videos news_hub resource oauth password signup help shopping
    """
)
_PINTEREST_TABS = frozenset({"_created", "_saved", "_profile", "boards", "pins"})
_TELEGRAM_RESERVED = words(
    """
    joinchat addstickers addemoji addlist addtheme share proxy socks login iv
    setlanguage contact c s boost bg confirmphone invoice m
    """
)


def _handle(segment: str, pattern: re.Pattern[str] = _PATH_HANDLE) -> str | None:
    if pattern.fullmatch(segment) and _WORDY.search(segment):
        return normalise_handle(segment)
    return None


def _post_id(value: str | None) -> str | None:
    return value if value is not None and _POST_ID.fullmatch(value) else None


def _digits(value: str | None) -> str | None:
    return value if value is not None and _DIGITS.fullmatch(value) else None


def _page_post(page: str | None, post: str | None) -> str | None:
    """A Facebook post id as the Graph API and exports write it: `PAGE_POST` when the page id is known."""
    if post is None:
        return None
    return f"{page}_{post}" if page and post.isdigit() else post


def _account(handle: str | None) -> _Match | None:
    return ("account", handle, None) if handle else None


def _post(post_id: str | None, handle: str | None = None) -> _Match | None:
    return ("post", handle, post_id) if post_id else None


def _match_x(segments: list[str], query: dict[str, str]) -> _Match | None:
    first = segments[0].lower()
    if first == "i":
        if segments[1:3] == ["web", "status"] and len(segments) >= 4:
            return _post(_digits(segments[3]))
        if segments[1:2] == ["status"] and len(segments) >= 3:
            return _post(_digits(segments[2]))
        return None
    if first in _X_RESERVED:
        return None
    handle = _handle(segments[0], _X_HANDLE)
    if handle is None:
        if len(segments) >= 3 and segments[1] in ("status", "statuses"):
            # The status id alone names the post, whatever the handle looks like.
            return _post(_digits(segments[2]), _handle(segments[0]))
        return None
    if len(segments) == 1:
        return _account(handle)
    if segments[1] in ("status", "statuses") and len(segments) >= 3:
        return _post(_digits(segments[2]), handle)
    if len(segments) == 2 and segments[1] in _X_PROFILE_TABS:
        return _account(handle)
    return None


def _match_facebook(segments: list[str], query: dict[str, str]) -> _Match | None:
    first = segments[0].lower()
    if first == "profile.php":
        return _account(_digits(query.get("id")))
    if first in ("permalink.php", "story.php"):
        owner = _digits(query.get("id"))
        return _post(_page_post(owner, _post_id(query.get("story_fbid"))), owner)
    if first in ("photo.php", "photo"):
        return _post(_digits(query.get("fbid")))
    if first == "watch":
        return _post(_digits(query.get("v")))
    if first in ("reel", "reels") and len(segments) >= 2:
        return _post(_digits(segments[1]))
    if first == "groups":
        # A group is not an account; a post inside one is still a post.
        if len(segments) >= 4 and segments[2] in ("posts", "permalink"):
            return _post(_page_post(_digits(segments[1]), _post_id(segments[3])))
        return None
    if first in ("pages", "people") and len(segments) == 3:
        return _account(_digits(segments[2]))
    if first == "pg" and len(segments) >= 2:
        return _account(_handle(segments[1]))
    if first in _FACEBOOK_RESERVED or first.endswith(".php"):
        return None
    handle = _handle(segments[0])
    if handle is None:
        return None
    if len(segments) == 1:
        return _account(handle)
    tab = segments[1]
    if tab == "posts" and len(segments) >= 3:
        return _post(_page_post(_digits(segments[0]), _post_id(segments[2])), handle)
    if tab in ("videos", "photos") and len(segments) >= 3:
        return _post(_digits(segments[-1]), handle)
    if len(segments) == 2 and tab in _FACEBOOK_TABS:
        return _account(handle)
    return None


def _match_instagram(segments: list[str], query: dict[str, str]) -> _Match | None:
    first = segments[0].lower()
    if first in ("p", "reel", "reels", "tv") and len(segments) >= 2:
        return _post(_post_id(segments[1]))
    if first == "stories" and len(segments) >= 2:
        if segments[1].lower() in _INSTAGRAM_RESERVED:
            return None
        handle = _handle(segments[1])
        if len(segments) == 2:
            return _account(handle)
        return _post(_digits(segments[2]), handle)
    if first in _INSTAGRAM_RESERVED:
        return None
    handle = _handle(segments[0], _INSTAGRAM_HANDLE)
    if handle is None:
        return None
    if len(segments) == 1:
        return _account(handle)
    if segments[1] in ("p", "reel", "tv") and len(segments) >= 3:
        return _post(_post_id(segments[2]), handle)
    if len(segments) == 2 and segments[1] in _INSTAGRAM_TABS:
        return _account(handle)
    return None


def _match_tiktok(segments: list[str], query: dict[str, str]) -> _Match | None:
    first = segments[0]
    if first.startswith("@"):
        handle = _handle(first[1:])
        if handle is None:
            return None
        if len(segments) == 1:
            return _account(handle)
        if segments[1] in ("video", "photo") and len(segments) >= 3:
            return _post(_digits(segments[2]), handle)
        return None
    if first == "v" and len(segments) >= 2:
        return _post(_digits(segments[1].removesuffix(".html")))
    if first == "embed" and len(segments) >= 2:
        return _post(_digits(segments[-1]))
    return None


def _match_youtube(segments: list[str], query: dict[str, str]) -> _Match | None:
    first = segments[0]
    if first == "watch":
        # A link to one comment names it with `lc`; the video is `v`.
        return _post(_post_id(query.get("lc")) or _post_id(query.get("v")))
    if first in ("shorts", "live", "embed", "v") and len(segments) >= 2:
        return _post(_post_id(segments[1]))
    tail_ok = len(segments) == 1 or (len(segments) == 2 and segments[1] in _YOUTUBE_TABS)
    if first.startswith("@") and tail_ok:
        return _account(_handle(first[1:]))
    named_ok = len(segments) == 2 or (len(segments) == 3 and segments[2] in _YOUTUBE_TABS)
    if first in ("channel", "c", "user") and named_ok:
        return _account(_handle(segments[1]))
    return None


def _reddit_thing(rest: list[str]) -> str | None:
    """The fullname a Reddit `comments/...` path names: `t1_` a comment, else `t3_` the submission.

    `rest` follows "comments": the submission id, its title slug, and the
    comment id when the link is to one comment.
    """
    if len(rest) >= 3 and _post_id(rest[2]):
        return "t1_" + rest[2].lower()
    submission = _post_id(rest[0]) if rest else None
    return "t3_" + submission.lower() if submission else None


def _match_reddit(segments: list[str], query: dict[str, str]) -> _Match | None:
    first = segments[0].lower()
    if first in ("user", "u") and len(segments) >= 2:
        handle = _handle(segments[1])
        if len(segments) >= 4 and segments[2] == "comments":
            return _post(_reddit_thing(segments[3:]), handle)
        return _account(handle)
    if first == "r" and len(segments) >= 4 and segments[2] == "comments":
        return _post(_reddit_thing(segments[3:]))
    if first == "comments" and len(segments) >= 2:
        return _post(_reddit_thing(segments[1:]))
    return None


def _medium_post_id(slug: str) -> str | None:
    id_match = _MEDIUM_ID.fullmatch(slug)
    if id_match:
        return id_match.group(1)
    return slug if slug and len(slug) <= 300 else None


def _match_medium_profile(
    handle: str | None, rest: list[str], query: dict[str, str]
) -> _Match | None:
    if handle is None:
        return None
    if not rest:
        return _account(handle)
    if len(rest) == 1:
        if rest[0] in _MEDIUM_TABS:
            return _account(handle)
        return _post(_medium_post_id(rest[0]), handle)
    return None


def _match_medium(host: str, segments: list[str], query: dict[str, str]) -> _Match | None:
    if host != "medium.com":
        user = host.removesuffix(".medium.com")
        if "." in user or user in _MEDIUM_SUBDOMAINS_NOT_USERS:
            return None
        return _match_medium_profile(_handle(user), segments, query)
    if not segments:
        return None
    first = segments[0]
    if first.startswith("@"):
        return _match_medium_profile(_handle(first[1:]), segments[1:], query)
    if first == "p" and len(segments) >= 2:
        return _post(_post_id(segments[1]))
    # A publication's post: only when the slug ends in Medium's hex post id,
    # since other two-part paths are publication pages.
    if len(segments) == 2:
        id_match = _MEDIUM_ID.fullmatch(segments[1])
        return _post(id_match.group(1)) if id_match else None
    return None


def _match_pinterest(segments: list[str], query: dict[str, str]) -> _Match | None:
    first = segments[0].lower()
    if first == "pin" and len(segments) >= 2:
        return _post(_post_id(segments[1]))
    if first in _PINTEREST_RESERVED or first.startswith("_"):
        return None
    handle = _handle(segments[0])
    if len(segments) == 1 or (len(segments) == 2 and segments[1] in _PINTEREST_TABS):
        return _account(handle)
    return None


def _match_telegram(segments: list[str], query: dict[str, str]) -> _Match | None:
    if segments[0] == "s" and len(segments) >= 2:
        # t.me/s/name is the web preview of the same channel.
        segments = segments[1:]
    first = segments[0].lower()
    if first == "c" and len(segments) == 3:
        # A message of a channel named by its numeric id: t.me/c/1234567890/55.
        chat, message = _digits(segments[1]), _digits(segments[2])
        return _post(f"{chat}/{message}" if chat and message else None)
    if first in _TELEGRAM_RESERVED or first.startswith("+"):
        return None
    handle = _handle(segments[0], _TELEGRAM_HANDLE)
    if handle is None:
        return None
    if len(segments) == 1:
        return _account(handle)
    if len(segments) == 2:
        # Exports name a message CHAT/MESSAGE: message ids count per chat.
        message = _digits(segments[1])
        return _post(f"{segments[0]}/{message}" if message else None, handle)
    return None


def _platform_of_host(host: str) -> str | None:
    if host == "x.com":
        return "x"
    if host == "facebook.com":
        return "facebook"
    if host == "instagram.com":
        return "instagram"
    if host == "tiktok.com":
        return "tiktok"
    if host in ("youtube.com", "youtu.be"):
        return "youtube"
    if host in ("reddit.com", "redd.it"):
        return "reddit"
    if site_matches(host, "medium.com"):
        return "medium"
    if _PINTEREST_HOST.fullmatch(host):
        return "pinterest"
    if host == "t.me":
        return "telegram"
    return None


def _match(platform: str, host: str, segments: list[str], query: dict[str, str]) -> _Match | None:
    if platform == "medium":
        return _match_medium(host, segments, query)
    if not segments:
        return None
    if host == "youtu.be":
        return _post(_post_id(segments[0])) if len(segments) == 1 else None
    if host == "redd.it":
        return _post(_reddit_thing(segments[:1])) if len(segments) == 1 else None
    matchers = {
        "x": _match_x,
        "facebook": _match_facebook,
        "instagram": _match_instagram,
        "tiktok": _match_tiktok,
        "youtube": _match_youtube,
        "reddit": _match_reddit,
        "pinterest": _match_pinterest,
        "telegram": _match_telegram,
    }
    return matchers[platform](segments, query)


def url_platform_target(url: str) -> Target | None:
    """The account or post that `url` links to on one of `PLATFORMS`, or None.

    None for links elsewhere, and for platform pages that are neither a
    profile nor a post (search, settings, hashtags, groups, subreddits, ...).
    The target's `url` is the canonical URL, `raw` is `url` as given.
    """
    canonical = canonical_url(url)
    if canonical is None:
        return None
    # A canonical path has no raw "?", so the first one starts the query.
    before_query, _, query_text = canonical[len("https://") :].partition("?")
    authority, _, path = before_query.partition("/")
    if ":" in authority:
        return None  # platforms do not serve profiles on odd ports
    platform = _platform_of_host(authority)
    if platform is None:
        return None
    segments = [unquote(segment, errors="replace") for segment in path.split("/") if segment]
    query: dict[str, str] = {}
    for key, value in parse_qsl(query_text, keep_blank_values=True):
        query.setdefault(key, value)
    found = _match(platform, authority, segments, query)
    if found is None:
        return None
    kind, handle, post_id = found
    return Target(kind, platform, handle, post_id, canonical, url)


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
    if not _POST_ID.fullmatch(post_id.replace("/", "").replace("_", "")):
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
