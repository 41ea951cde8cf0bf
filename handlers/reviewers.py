"""Who may flag, and set, stop or post a channel's digest: CIBWATCH_REVIEWERS' user ids,
and the members of its user groups.

User ids (`U…`, `W…`) are allowed outright. User-group ids (`S…`) are
resolved with `usergroups.users.list` and the members cached for
`ttl` seconds, so clicks and commands are answered without a Web API call
most of the time. When Slack cannot tell us a group's members, the answer
is "no" (fail closed) and nothing is cached, so the next attempt asks again.

Every refusal is logged with who tried what.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable

from slack_sdk import WebClient

from handlers.errors import UserError

log = logging.getLogger(__name__)

#: Seconds a user group's member list is trusted before it is fetched again.
GROUP_CACHE_SECONDS = 300.0


#: What reviewers may do, as refusals name it: (the deed, what did not happen).
FLAGGING = ("flag accounts", "nothing was recorded")
MANAGING_DIGESTS = ("set, stop or post a channel's digest", "nothing was changed")


class NotAReviewer(UserError):
    """Someone who is not in CIBWATCH_REVIEWERS tried to flag (or manage a digest)."""

    def __init__(self, configured: bool, deed: tuple[str, str] = FLAGGING) -> None:
        doing, outcome = deed
        if configured:
            super().__init__(
                f"Only reviewers can {doing}; {outcome}.",
                "Ask your cibwatch admin to add you (or your user group) to `CIBWATCH_REVIEWERS`.",
            )
        else:
            super().__init__(
                f"Only reviewers can {doing}, and none are set up yet; {outcome}.",
                "Your cibwatch admin lists reviewers' user ids or user groups in "
                "`CIBWATCH_REVIEWERS`.",
            )


class Reviewers:
    """The reviewer list of one app, with its cache of user-group members (thread-safe)."""

    def __init__(
        self,
        ids: Iterable[str],
        ttl: float = GROUP_CACHE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.users: frozenset[str] = frozenset()
        self.groups: frozenset[str] = frozenset()
        users, groups = set(), set()
        for raw in ids:
            value = raw.strip()
            if value[:1] in ("U", "W"):
                users.add(value)
            elif value[:1] == "S":
                groups.add(value)
            elif value:
                log.warning(
                    "CIBWATCH_REVIEWERS: %r is neither a user id (U…, W…) nor a user-group id "
                    "(S…); ignored",
                    value[:40],
                )
        self.users, self.groups = frozenset(users), frozenset(groups)
        self.ttl = ttl
        self._clock = clock
        self._members: dict[str, tuple[float, frozenset[str]]] = {}
        self._lock = threading.Lock()

    @property
    def configured(self) -> bool:
        """True when at least one user or group may flag."""
        return bool(self.users or self.groups)

    def known(self, user_id: str) -> bool | None:
        """Whether `user_id` may flag, if that is known without asking Slack; else None."""
        if user_id in self.users:
            return True
        if not self.groups:
            return False
        now = self._clock()
        with self._lock:
            cached = [self._members.get(g) for g in self.groups]
        if any(entry is not None and now < entry[0] and user_id in entry[1] for entry in cached):
            return True
        if all(entry is not None and now < entry[0] for entry in cached):
            return False
        return None

    def allows(self, client: WebClient, user_id: str) -> bool:
        """Whether `user_id` may flag, asking Slack for stale user-group members."""
        answer = self.known(user_id)
        if answer is not None:
            return answer
        return any(user_id in self._group_members(client, group) for group in sorted(self.groups))

    def require(
        self, client: WebClient, user_id: str, what: str, deed: tuple[str, str] = FLAGGING
    ) -> None:
        """Raise NotAReviewer (and log the attempt) unless `user_id` is a reviewer."""
        if not self.allows(client, user_id):
            self.refuse(user_id, what, deed)

    def refuse(self, user_id: str, what: str, deed: tuple[str, str] = FLAGGING) -> None:
        """Log a refused attempt and raise NotAReviewer saying what was refused."""
        log.warning("refused %s by %s: not in CIBWATCH_REVIEWERS", what, user_id)
        raise NotAReviewer(self.configured, deed)

    def _group_members(self, client: WebClient, group: str) -> frozenset[str]:
        now = self._clock()
        with self._lock:
            entry = self._members.get(group)
        if entry is not None and now < entry[0]:
            return entry[1]
        try:
            response = client.usergroups_users_list(usergroup=group)
        except Exception as exc:  # Slack down, missing scope, unknown group: fail closed
            log.error("cannot read members of reviewer user group %s: %s", group, exc)
            return frozenset()
        members = frozenset(response.get("users") or [])
        with self._lock:
            self._members[group] = (self._clock() + self.ttl, members)
        return members
