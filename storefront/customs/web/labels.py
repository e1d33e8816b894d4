"""Translated labels of declaration statuses, message types, receipt codes and missing data."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from storefront.customs.declarations.models import DeclarationStatus, MessageType

STATUSES = {
    DeclarationStatus.BLOCKED: _l("Blocked: data missing"),
    DeclarationStatus.PENDING: _l("Waiting to be sent"),
    DeclarationStatus.SENT: _l("Sent"),
    DeclarationStatus.ACCEPTED: _l("Accepted by customs"),
    DeclarationStatus.HELD: _l("Held by customs"),
    DeclarationStatus.REJECTED: _l("Rejected by customs"),
    DeclarationStatus.FAILED: _l("Failed"),
    DeclarationStatus.RELEASED: _l("Released"),
    DeclarationStatus.CLOSED: _l("Cleared and closed"),
    DeclarationStatus.RETURNED: _l("Shipment returned"),
    DeclarationStatus.CANCELLED: _l("Cancelled"),
    DeclarationStatus.SUPERSEDED: _l("Replaced by a resubmission"),
}

MESSAGE_TYPES = {
    MessageType.EXPORT_ORDER: _l("Electronic order (CEB303)"),
    MessageType.INVENTORY: _l("Inventory list (CEB603)"),
    MessageType.INVENTORY_CANCEL: _l("Inventory cancellation (CEB605)"),
    MessageType.SUMMARY: _l("Monthly summary (CEB701)"),
}

# Keys of codes.describe_return_status(...).key
RETURN_STATUSES = {
    "eport_stored": _l("Stored at the e-port"),
    "eport_declaring": _l("Being declared by the e-port"),
    "sent_to_customs": _l("Sent to customs"),
    "send_to_customs_failed": _l("Sending to customs failed"),
    "customs_rejected": _l("Rejected by customs"),
    "customs_accepted": _l("Entered into the customs system"),
    "manual_review": _l("Under manual review"),
    "customs_concluded": _l("Examination concluded"),
    "inspection": _l("Selected for inspection"),
    "detained_clearance": _l("Detained"),
    "detained_anti_smuggling": _l("Detained"),
    "detained_legal": _l("Detained"),
    "detained_other": _l("Detained"),
    "returned_shipment": _l("Shipment returned"),
    "released": _l("Released"),
    "closed": _l("Cleared and closed"),
    "processing_error": _l("Processing error"),
}

# Codes of mapping.MissingItem and of outbox problems
MISSING_DATA = {
    "producer_customs_code": _l("The producer has no customs registration code"),
    "producer_chinese_name": _l("The producer has no Chinese name"),
    "destination_country": _l("The destination country has no customs code"),
    "destination_port": _l(
        "No customs port code (POD) is recorded for this destination: record it on the "
        "destination ports page, then resubmit"
    ),
    "awaiting_waybill": _l("Awaiting the carrier's waybill number"),
    "shipping_method": _l("The shipping method has no carrier for customs"),
    "line_legal_units": _l("No legal units are recorded for a product's HS code"),
    "line_declared_unit_is_a_measure": _l(
        "A product is declared in a weight or volume instead of its pack unit"
    ),
    "lines": _l("The parcel has no lines"),
    "line_hs_code": _l("A product has no HS code"),
    "line_customs_unit": _l("A product has no valid customs unit"),
    "line_sku_too_long": _l("A SKU is longer than 20 characters"),
    "line_chinese_name": _l("A product has no Chinese name"),
    "line_net_weight": _l("A product has no net weight"),
    "check": _l("The declaration check failed"),
    "schema": _l("The message does not match the official schema"),
    "signing": _l("The message could not be signed"),
}

REFUSALS = {
    "not_in_attention": _l("Only a blocked, rejected or failed declaration can be resubmitted."),
    "not_resubmittable": _l("This message cannot be resubmitted."),
    "reason_required": _l("Please give a reason for the cancellation."),
    "not_cancellable": _l("This declaration can no longer be cancelled."),
    "awaiting_list_number": _l(
        "Customs has not numbered this list yet: wait for its receipt, then cancel."
    ),
    "cancel_already_requested": _l("A cancellation is already on its way."),
    "in_summary": _l(
        "This list is named in a monthly summary sent to customs: the export declaration made "
        "from that summary must be amended with customs before the list can be withdrawn."
    ),
}

# Problems the operator fixes outside the catalog: the hint names the page instead.
NOT_CATALOG_PROBLEMS = frozenset({"destination_port", "awaiting_waybill", "check", "signing"})

PORT_REFUSALS = {
    "unknown_country": _l("This country has no customs country code."),
    "bad_port_code": _l("A customs port code has 3 or 4 letters or digits."),
    "source_required": _l("Please say where the code comes from."),
}
