"""What the demo shows in the cooperative portal besides the catalog and the orders.

Producer brands are stewarded by the producer that owns them (it decides who else may sell
under them, in its portal); the Yongxing orange cooperative has asked to sell under a regional
brand, which the zone operator decides in the console. Idempotent.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.brand_authorisations import is_authorised, request_authorisation
from catalog.models import (
    AuthorisationStatus,
    Brand,
    BrandAuthorisationRequest,
    BrandKind,
    Producer,
)

# A regional public brand the Yongxing cooperative asks to use (its steward is the region's
# authorities, so the zone operator decides).
DEMO_REQUEST = ("yongxing-orange-coop", "xiang-gan-red")


def load_demo_portal(session: Session) -> int:
    """Stewards for producer brands and one pending brand request; returns what was created."""
    created = 0
    for brand in session.scalars(select(Brand).where(Brand.kind == BrandKind.PRODUCER)):
        if brand.steward_producer_id is None and len(brand.authorized_producers) == 1:
            brand.steward_producer_id = brand.authorized_producers[0].id
            created += 1
    producer_code, brand_code = DEMO_REQUEST
    producer = session.scalars(select(Producer).where(Producer.code == producer_code)).first()
    brand = session.scalars(select(Brand).where(Brand.code == brand_code)).first()
    if (
        producer is not None
        and brand is not None
        and not is_authorised(session, brand.id, producer.id)
    ):
        asked = session.scalar(
            select(BrandAuthorisationRequest.id).where(
                BrandAuthorisationRequest.producer_id == producer.id,
                BrandAuthorisationRequest.brand_id == brand.id,
                BrandAuthorisationRequest.status == AuthorisationStatus.PENDING,
            )
        )
        if asked is None:
            request_authorisation(
                session,
                producer.id,
                brand.id,
                message="永兴冰糖橙产自湘南，希望以“湘赣红”区域公用品牌出口。",
                actor_user_id=None,
            )
            created += 1
    session.flush()
    return created
