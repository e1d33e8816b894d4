"""catalog revision: one row moved by every change to what shop pages show

The page and fragment caches are keyed by it (catalog/revision.py); the first row is inserted
here, at revision 0.

Revision ID: d7a3c5e9b214
Revises: f2b8d4a6c1e3
Create Date: 2026-12-04 15:00:00.000000

"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "d7a3c5e9b214"
down_revision = "f2b8d4a6c1e3"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "catalog_revision",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_catalog_revision_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_revision")),
    )
    op.bulk_insert(table, [{"id": 1, "revision": 0, "changed_at": datetime.now(UTC)}])


def downgrade():
    op.drop_table("catalog_revision")
