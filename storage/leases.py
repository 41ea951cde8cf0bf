"""Leases in the store: "one at a time" across processes and replicas sharing one database.

A lease is a row (`SweepLease`) naming its holder until `expires_ts`. Taking
it is one conditional write, so of two processes racing for it on SQLite or
PostgreSQL exactly one wins: an INSERT ... ON CONFLICT DO NOTHING for a lease
never taken, else an UPDATE ... WHERE nobody holds it or the hold expired.
On PostgreSQL a second UPDATE waits for the first's row lock and then finds
the row held; SQLite runs one writer at a time. A holder that dies loses the
lease when it expires; a live one renews it long before.

Each function runs in the caller's session; commit it at once (leases are
about other processes seeing them).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, update
from sqlmodel import Session, col

from storage.db import insert_new
from storage.models import SweepLease


def take_lease(session: Session, name: str, holder: str, now: int, seconds: int) -> bool:
    """Take lease `name` for `holder` until now + seconds; False when someone else holds it."""
    # The UPDATE first: on SQLite it takes the write lock before anything is read.
    taken = session.execute(
        update(SweepLease)
        .where(col(SweepLease.name) == name)
        .where(or_(col(SweepLease.holder).is_(None), col(SweepLease.expires_ts) <= now))
        .values(holder=holder[:64], acquired_ts=now, expires_ts=now + seconds)
    )
    if taken.rowcount == 1:  # type: ignore[attr-defined]
        return True
    lease = {"name": name, "holder": holder[:64], "acquired_ts": now, "expires_ts": now + seconds}
    return insert_new(session, SweepLease, ["name"], lease) is not None


def renew_lease(session: Session, name: str, holder: str, now: int, seconds: int) -> bool:
    """Extend `holder`'s lease to now + seconds; False when it no longer holds it."""
    renewed = session.execute(
        update(SweepLease)
        .where(col(SweepLease.name) == name, col(SweepLease.holder) == holder[:64])
        .values(expires_ts=now + seconds)
    )
    return renewed.rowcount == 1  # type: ignore[attr-defined]


def release_lease(session: Session, name: str, holder: str) -> None:
    """Give lease `name` up, if `holder` still holds it."""
    session.execute(
        update(SweepLease)
        .where(col(SweepLease.name) == name, col(SweepLease.holder) == holder[:64])
        .values(holder=None, expires_ts=0)
    )


#: The lease a running sweep holds (services.sweeps); `cibwatch status` reads it too.
SWEEP_LEASE = "sweep"


@dataclass(frozen=True)
class LeaseHold:
    """Who holds a lease now, since when, and until when unless renewed (epoch seconds)."""

    holder: str
    since_ts: int
    expires_ts: int


def lease_holder(session: Session, name: str, now: int) -> LeaseHold | None:
    """Who holds lease `name` now (a hold not yet expired), else None."""
    lease = session.get(SweepLease, name)
    if lease is None or lease.holder is None or lease.expires_ts <= now:
        return None
    return LeaseHold(holder=lease.holder, since_ts=lease.acquired_ts, expires_ts=lease.expires_ts)
