"""What a link on one of the platforms names: an account or a post, by its path and query.

Each platform's links have a grammar of their own (x.com/NAME/status/ID,
facebook.com/profile.php?id=ID, t.me/c/CHAT/MESSAGE, ...); `read_platform_link`
reads a canonical URL (storage.urls.canonical_url) by it. Handles come back
as the link spells them: `storage.links.url_platform_target` normalises them
into the `Target` every check takes. Pure: no network, no store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote

from storage.urls import site_matches, words

# Handles read from a link's path are checked more loosely: the site accepted them.
_PATH_HANDLE = re.compile(r"[A-Za-z0-9_.-]{1,100}")
#: A post id as links carry it (and as a stored post's id must look to be linked to).
POST_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")
_DIGITS = re.compile(r"[0-9]{1,30}")
#: A handle needs one letter, digit or "_": dots and dashes alone name nobody.
WORDY = re.compile(r"[A-Za-z0-9_]")
_X_HANDLE = re.compile(r"[A-Za-z0-9_]{1,50}")
_INSTAGRAM_HANDLE = re.compile(r"[A-Za-z0-9_.]{1,30}")
_TELEGRAM_HANDLE = re.compile(r"[A-Za-z0-9_]{1,64}")


@dataclass(frozen=True, slots=True)
class PlatformLink:
    """The account or post a platform link names."""

    platform: str  # a name in storage.links.PLATFORMS
    kind: str  # "account" | "post"
    handle: str | None  # as the link spells it
    post_id: str | None


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
    if pattern.fullmatch(segment) and WORDY.search(segment):
        return segment
    return None


def _post_id(value: str | None) -> str | None:
    return value if value is not None and POST_ID.fullmatch(value) else None


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


def read_platform_link(canonical: str) -> PlatformLink | None:
    """The account or post the canonical URL `canonical` names on a platform, or None.

    None for links elsewhere, on odd ports, and for platform pages that are
    neither a profile nor a post (search, settings, hashtags, groups, ...).
    """
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
    return PlatformLink(platform, kind, handle, post_id)
