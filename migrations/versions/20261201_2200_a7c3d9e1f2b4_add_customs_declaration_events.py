"""add customs declaration events (the declarations' audit trail)

Revision ID: a7c3d9e1f2b4
Revises: 3bfbc971bb85
Create Date: 2026-12-01 22:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3d9e1f2b4'
down_revision = '3bfbc971bb85'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('customs_declaration_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('declaration_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=60), nullable=False),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('from_status', sa.String(length=32), nullable=True),
    sa.Column('to_status', sa.String(length=32), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['actor_user_id'], ['users.id'], name=op.f('fk_customs_declaration_events_actor_user_id_users')),
    sa.ForeignKeyConstraint(['declaration_id'], ['customs_declarations.id'], name=op.f('fk_customs_declaration_events_declaration_id_customs_declarations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customs_declaration_events'))
    )
    with op.batch_alter_table('customs_declaration_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customs_declaration_events_declaration_id'), ['declaration_id'], unique=False)

    # Declarations written before this table existed start their trail at their current status.
    op.execute(
        "INSERT INTO customs_declaration_events"
        " (declaration_id, created_at, actor, actor_user_id, from_status, to_status, note)"
        " SELECT id, updated_at, requested_by, NULL, NULL, status,"
        " 'status when the audit trail began'"
        " FROM customs_declarations"
    )


def downgrade():
    with op.batch_alter_table('customs_declaration_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customs_declaration_events_declaration_id'))

    op.drop_table('customs_declaration_events')
