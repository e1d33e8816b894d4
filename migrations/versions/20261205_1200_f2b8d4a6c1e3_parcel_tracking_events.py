"""parcel tracking: when the carrier was told of the hand-over, and the events it reported

Revision ID: f2b8d4a6c1e3
Revises: d5f1a7c3e9b2
Create Date: 2026-12-05 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f2b8d4a6c1e3'
down_revision = 'd5f1a7c3e9b2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('parcel_waybills', schema=None) as batch_op:
        batch_op.add_column(sa.Column('handed_over_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        'parcel_tracking_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sub_order_id', sa.Integer(), nullable=False),
        sa.Column('waybill_no', sa.String(length=32), nullable=False),
        sa.Column(
            'code',
            sa.Enum(
                'accepted',
                'departed',
                'arrived',
                'delivered',
                name='tracking_code',
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('country', sa.String(length=2), nullable=False),
        sa.Column('description', sa.String(length=200), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['sub_order_id'],
            ['sub_orders.id'],
            name=op.f('fk_parcel_tracking_events_sub_order_id_sub_orders'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_parcel_tracking_events')),
        sa.UniqueConstraint('sub_order_id', 'code', name=op.f('uq_parcel_tracking_events_sub_order_id_code')),
    )
    with op.batch_alter_table('parcel_tracking_events', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_parcel_tracking_events_sub_order_id'), ['sub_order_id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('parcel_tracking_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parcel_tracking_events_sub_order_id'))
    op.drop_table('parcel_tracking_events')
    with op.batch_alter_table('parcel_waybills', schema=None) as batch_op:
        batch_op.drop_column('handed_over_at')
