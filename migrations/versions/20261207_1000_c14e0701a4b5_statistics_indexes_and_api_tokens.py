"""statistics and the partner API: daily and monthly roll-ups of the trade facts and their state; partners'
API tokens (hashed, scoped, revocable); indexes on orders (paid_at, status, email) and customs_declarations.sent_at
for the statistics' date ranges

Revision ID: c14e0701a4b5
Revises: a14c0501e2f3
Create Date: 2026-12-07 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c14e0701a4b5'
down_revision = 'a14c0501e2f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('token_start', sa.String(length=12), nullable=False),
    sa.Column('scopes', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_user_id', sa.Integer(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['users.id'], name=op.f('fk_api_tokens_created_by_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    op.create_table('statistics_days',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('dimension', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('released', sa.Integer(), nullable=False),
    sa.Column('hours', sa.Numeric(precision=16, scale=3), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statistics_days'))
    )
    with op.batch_alter_table('statistics_days', schema=None) as batch_op:
        batch_op.create_index('ix_statistics_days_day', ['day', 'dimension', 'key'], unique=True)

    op.create_table('statistics_months',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('dimension', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('released', sa.Integer(), nullable=False),
    sa.Column('hours', sa.Numeric(precision=16, scale=3), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statistics_months'))
    )
    with op.batch_alter_table('statistics_months', schema=None) as batch_op:
        batch_op.create_index('ix_statistics_months_month', ['month', 'dimension', 'key'], unique=True)

    op.create_table('statistics_rollups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('through_day', sa.Date(), nullable=False),
    sa.Column('ran_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statistics_rollups'))
    )
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index('ix_orders_paid_at_status_email', ['paid_at', 'status', 'email'], unique=False)
    with op.batch_alter_table('customs_declarations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customs_declarations_sent_at'), ['sent_at'], unique=False)


def downgrade():
    with op.batch_alter_table('customs_declarations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customs_declarations_sent_at'))
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index('ix_orders_paid_at_status_email')
    op.drop_table('statistics_rollups')
    with op.batch_alter_table('statistics_months', schema=None) as batch_op:
        batch_op.drop_index('ix_statistics_months_month')
    op.drop_table('statistics_months')
    with op.batch_alter_table('statistics_days', schema=None) as batch_op:
        batch_op.drop_index('ix_statistics_days_day')
    op.drop_table('statistics_days')
    op.drop_table('api_tokens')
