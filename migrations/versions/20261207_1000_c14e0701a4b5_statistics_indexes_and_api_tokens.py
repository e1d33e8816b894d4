"""statistics and the partner API: partners' API tokens (hashed, scoped, revocable); indexes on
orders.paid_at and customs_declarations.sent_at for the statistics' date ranges

Revision ID: c14e0701a4b5
Revises: e8b4f2a61c57
Create Date: 2026-12-07 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c14e0701a4b5'
down_revision = 'e8b4f2a61c57'
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
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_orders_paid_at'), ['paid_at'], unique=False)
    with op.batch_alter_table('customs_declarations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customs_declarations_sent_at'), ['sent_at'], unique=False)


def downgrade():
    with op.batch_alter_table('customs_declarations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customs_declarations_sent_at'))
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_orders_paid_at'))
    op.drop_table('api_tokens')
