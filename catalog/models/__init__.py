"""Catalog models, one module per aggregate."""

from catalog.models.brand import (
    AuthorisationStatus,
    Brand,
    BrandAuthorisationRequest,
    BrandKind,
    BrandTranslation,
    brand_producers,
)
from catalog.models.county import County, CountyKind, CountyTranslation
from catalog.models.destination_rule import (
    ANY_COUNTRY,
    DestinationRule,
    DestinationRuleTranslation,
    EligibilityStatus,
)
from catalog.models.exchange_rate import ExchangeRate
from catalog.models.listing import ProductEvent, ProductPhoto
from catalog.models.producer import (
    CustomsStatisticsFlag,
    NegativeListEntry,
    Producer,
    ProducerKind,
    ProducerStatus,
    ProducerStatusEvent,
    ProducerTranslation,
)
from catalog.models.product import (
    Batch,
    BatchKind,
    Category,
    Product,
    ProductChannel,
    ProductClass,
    ProductTranslation,
    StorageClass,
    Variant,
)
from catalog.models.revision import CatalogRevision
from catalog.models.search_document import ProductSearchDocument

__all__ = [
    "ANY_COUNTRY",
    "AuthorisationStatus",
    "BrandAuthorisationRequest",
    "ProducerStatusEvent",
    "ProductEvent",
    "ProductPhoto",
    "DestinationRule",
    "DestinationRuleTranslation",
    "EligibilityStatus",
    "Batch",
    "BatchKind",
    "Brand",
    "BrandKind",
    "BrandTranslation",
    "CatalogRevision",
    "Category",
    "ExchangeRate",
    "County",
    "CountyKind",
    "CountyTranslation",
    "CustomsStatisticsFlag",
    "NegativeListEntry",
    "Producer",
    "ProducerKind",
    "ProducerStatus",
    "ProducerTranslation",
    "Product",
    "ProductChannel",
    "ProductClass",
    "ProductSearchDocument",
    "ProductTranslation",
    "StorageClass",
    "Variant",
    "brand_producers",
]

# The hook that moves the catalog's revision on every flushed catalog change is registered with
# the models, so every process that can write catalog rows has it (catalog/revision.py).
from catalog import revision as _revision  # noqa: E402, F401
