"""index variants by product, and products and variants by update time

Product pages and cards load packs by product id; the catalog version stamp reads
max(updated_at) of products and variants.

Revision ID: c4e8b2f61d07
Revises: c4e8b2f6a913
Create Date: 2026-12-01 22:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c4e8b2f61d07'
down_revision = 'c4e8b2f6a913'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('variants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_variants_product_id'), ['product_id'], unique=False)
        batch_op.create_index('ix_variants_updated_at', ['updated_at'], unique=False)
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.create_index('ix_products_updated_at', ['updated_at'], unique=False)


def downgrade():
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_index('ix_products_updated_at')
    with op.batch_alter_table('variants', schema=None) as batch_op:
        batch_op.drop_index('ix_variants_updated_at')
        batch_op.drop_index(batch_op.f('ix_variants_product_id'))
