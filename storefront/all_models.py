"""Import every mapped class so that the metadata is complete (Alembic, create_all)."""

import catalog.models  # noqa: F401
import storefront.accounts.models  # noqa: F401
import storefront.admin.models  # noqa: F401
import storefront.api.tokens  # noqa: F401
import storefront.background.models  # noqa: F401
import storefront.checkout.models  # noqa: F401
import storefront.customs.declarations.destination_ports  # noqa: F401
import storefront.customs.declarations.models  # noqa: F401
import storefront.inventory.models  # noqa: F401
import storefront.mail.models  # noqa: F401
import storefront.orders.models  # noqa: F401
import storefront.payments.models  # noqa: F401
import storefront.pickup.bonded_orders  # noqa: F401
import storefront.pickup.counter_log  # noqa: F401
import storefront.pickup.goods  # noqa: F401
import storefront.pickup.holds  # noqa: F401
import storefront.pickup.showrooms  # noqa: F401
import storefront.shipping.carriers.models  # noqa: F401
import storefront.shipping.models  # noqa: F401
import storefront.statistics.rollups  # noqa: F401
