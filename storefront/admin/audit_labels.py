"""Translated labels of the audit log's kinds and actions (codes from the event tables)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from storefront.admin.audit_log import AuditRow, ObjectKind
from storefront.coop.labels import AUTHORISATION_STATUSES, PRODUCER_STATUSES
from storefront.customs.web.labels import STATUSES as DECLARATION_STATUSES
from storefront.orders import labels as order_labels

KINDS = {
    ObjectKind.ORDER: _l("Order"),
    ObjectKind.LISTING: _l("Listing"),
    ObjectKind.DECLARATION: _l("Customs declaration"),
    ObjectKind.PRODUCER: _l("Producer"),
    ObjectKind.PICKUP: _l("Showroom counter"),
    ObjectKind.BRAND: _l("Brand"),
    ObjectKind.USER: _l("User"),
}

LISTING_ACTIONS = {
    "created": _l("Listing created"),
    "edited": _l("Facts edited"),
    "imported": _l("Imported from CSV"),
    "texts_saved": _l("Texts saved"),
    "pack_added": _l("Pack added"),
    "pack_edited": _l("Pack edited"),
    "batch_added": _l("Batch added"),
    "batch_removed": _l("Batch removed"),
    "photo_added": _l("Photo added"),
    "photo_removed": _l("Photo removed"),
    "photo_first": _l("Photo moved first"),
    "published": _l("Published"),
    "unpublished": _l("Unpublished"),
}

CONSOLE_ACTIONS = {
    "negative_list_added": _l("Put on the negative list"),
    "negative_list_removed": _l("Taken off the negative list"),
    "complaint_filed": _l("Complaint filed"),
    "role_changed": _l("Role changed"),
    "steward_changed": _l("Steward changed"),
    "brand_texts_saved": _l("Brand page texts saved"),
}

PICKUP_OUTCOMES = {
    "found": _l("Code looked up: order found"),
    "unknown_code": _l("Unknown pickup code"),
    "not_ready": _l("Not released yet"),
    "already_collected": _l("Already collected"),
    "closed": _l("Order closed"),
    "other_showroom": _l("Order of another showroom"),
    "id_mismatch": _l("Identity check failed"),
    "handed_over": _l("Handed over"),
}

MACHINES = {
    "order": _l("Order"),
    "payment": _l("Payment"),
    "fulfilment": _l("Fulfilment"),
}


def _status_label(table: dict, code: str) -> str | None:
    for key, label in table.items():
        if key == code:
            return str(label)
    return None


def action_label(row: AuditRow) -> str:
    """What happened, in the reader's language (the stable code when no label is known)."""
    label: str | None = None
    if row.machine == "listing":
        label = _status_label(LISTING_ACTIONS, row.code)
    elif row.machine == "console":
        label = _status_label(CONSOLE_ACTIONS, row.code)
    elif row.machine == "declaration":
        label = _status_label(DECLARATION_STATUSES, row.code)
    elif row.machine == "producer":
        label = _status_label(PRODUCER_STATUSES, row.code)
    elif row.machine == "brand":
        label = _status_label(AUTHORISATION_STATUSES, row.code)
    elif row.machine == "pickup":
        label = _status_label(PICKUP_OUTCOMES, row.code)
    elif row.machine in ("order", "payment", "fulfilment"):
        table = {
            "order": order_labels.ORDER_STATUSES,
            "payment": order_labels.PAYMENT_STATUSES,
            "fulfilment": order_labels.FULFILMENT_STATUSES,
        }[row.machine]
        status = _status_label(table, row.code)
        if status is not None:
            label = f"{MACHINES[row.machine]}: {status}"
    return label if label is not None else row.code
