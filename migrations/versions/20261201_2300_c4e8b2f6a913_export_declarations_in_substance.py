"""export declarations in substance: destination ports, waybills, statistics flag, CEB792

Revision ID: c4e8b2f6a913
Revises: c4e8a1f0b6d2
Create Date: 2026-12-01 23:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e8b2f6a913'
down_revision = 'c4e8a1f0b6d2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('customs_destination_ports',
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('code', sa.String(length=4), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('recorded_by', sa.String(length=60), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('country', name=op.f('pk_customs_destination_ports'))
    )
    op.create_table('parcel_waybills',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sub_order_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=40), nullable=False),
    sa.Column('carrier_code', sa.String(length=18), nullable=False),
    sa.Column('waybill_no', sa.String(length=32), nullable=False),
    sa.Column('booked_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['sub_order_id'], ['sub_orders.id'], name=op.f('fk_parcel_waybills_sub_order_id_sub_orders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parcel_waybills')),
    sa.UniqueConstraint('sub_order_id', name=op.f('uq_parcel_waybills_sub_order_id')),
    sa.UniqueConstraint('waybill_no', name=op.f('uq_parcel_waybills_waybill_no'))
    )
    with op.batch_alter_table('customs_declarations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decl_seq_no', sa.String(length=18), nullable=True))
        batch_op.add_column(sa.Column('entry_id', sa.String(length=18), nullable=True))
        batch_op.add_column(sa.Column('dec_state', sa.String(length=3), nullable=True))

    with op.batch_alter_table('producers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('customs_statistics_flag', sa.Enum('A', 'B', name='customs_statistics_flag', native_enum=False, create_constraint=True, length=32), server_default='A', nullable=False))


def downgrade():
    with op.batch_alter_table('producers', schema=None) as batch_op:
        batch_op.drop_column('customs_statistics_flag')

    with op.batch_alter_table('customs_declarations', schema=None) as batch_op:
        batch_op.drop_column('dec_state')
        batch_op.drop_column('entry_id')
        batch_op.drop_column('decl_seq_no')

    op.drop_table('parcel_waybills')
    op.drop_table('customs_destination_ports')
