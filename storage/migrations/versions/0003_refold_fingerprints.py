"""fingerprints with format characters stripped and look-alike letters folded

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 05:00:00

Text fingerprints now ignore format characters (zero-width spaces, joiners,
bidi marks) and read Cyrillic and Greek look-alikes as the Latin letters they
pass for. Posts stored before keep their old fingerprint, which would split
the copies of one text across two fingerprints; this recomputes the
fingerprint of every stored post whose text is not plain ASCII (the only
texts the change can touch), a range of post ids at a time so memory stays
flat. The sweep state is rebuilt on the next sweep (its version changed).
Downgrading keeps the new fingerprints: the old reading is not kept.
"""

from alembic import op

from storage.refingerprint import refingerprint

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Only texts beyond plain ASCII can read differently.
    refingerprint(op.get_bind(), lambda text: not text.isascii())


def downgrade() -> None:
    pass
