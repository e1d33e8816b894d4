"""index variants by product (product pages and cards load packs by product id)

Revision ID: c4e8b2f61d07
Revises: a7c3d9e1f2b4
Create Date: 2026-12-01 22:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c4e8b2f61d07'
down_revision = 'a7c3d9e1f2b4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('variants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_variants_product_id'), ['product_id'], unique=False)


def downgrade():
    with op.batch_alter_table('variants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_variants_product_id'))
