"""add users.session_generation (ending an account's sessions)

Revision ID: c4e8a1f0b6d2
Revises: a7c3d9e1f2b4
Create Date: 2026-12-01 22:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e8a1f0b6d2'
down_revision = 'a7c3d9e1f2b4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('session_generation', sa.Integer(), server_default='0', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
