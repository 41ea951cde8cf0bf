"""fingerprints for short texts in scripts written without spaces

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 15:30:00

A character of Chinese or Japanese now counts as two towards the shortest
text that gets a fingerprint, so slogans of eight characters or more are
fingerprinted where before they needed sixteen. Posts stored before get
theirs here, so old and new copies of a slogan share one fingerprint. The
sweep state is rebuilt on the next sweep (its version changed). Downgrading
keeps the new fingerprints: the old reading is not kept.
"""

from alembic import op

from storage.refingerprint import refingerprint
from storage.textnorm import has_dense_script

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    refingerprint(op.get_bind(), has_dense_script)


def downgrade() -> None:
    pass
