"""customs_declarations.statistics_flag: the flag a CEB603 list was declared with

Monthly summaries pick statisticsFlag B lists from this column instead of reading the signed XML.
Existing lists get the flag their signed message carries.

Revision ID: d5f1a7c3e9b2
Revises: c4e8b2f61d07
Create Date: 2026-12-04 15:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd5f1a7c3e9b2'
down_revision = 'c4e8b2f61d07'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('customs_declarations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('statistics_flag', sa.String(length=1), nullable=True))
    declarations = sa.table(
        'customs_declarations',
        sa.column('message_type', sa.String),
        sa.column('payload', sa.Text),
        sa.column('statistics_flag', sa.String),
    )
    for flag in ('A', 'B'):
        op.execute(
            declarations.update()
            .where(declarations.c.message_type == 'CEB603')
            .where(declarations.c.payload.like(f'%<ceb:statisticsFlag>{flag}</ceb:statisticsFlag>%'))
            .values(statistics_flag=flag)
        )


def downgrade():
    with op.batch_alter_table('customs_declarations', schema=None) as batch_op:
        batch_op.drop_column('statistics_flag')
