"""Translated sentences for the portal's stable codes: problems, stages, reasons, statuses."""

from __future__ import annotations

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from catalog.listings.problems import Problem
from catalog.locales import BABEL_IDENTIFIERS
from catalog.models import AuthorisationStatus, ProducerStatus, ProductClass
from catalog.translation_status import TextState
from storefront.customs.web import labels as customs_labels
from storefront.fulfilment.parcel_queries import CustomsState, ParcelStage
from storefront.inventory.models import MovementReason
from storefront.orders import labels as order_labels

PROBLEMS = {
    # the listing's facts and packs
    "hs_code_format": _l("An HS code has 10 digits."),
    "hs_code_unknown": _l(
        "HS code %(subject)s has no legal units recorded yet: ask the zone operator to add it."
    ),
    "hs_code_missing": _l("Customs needs the HS code."),
    "unit_is_measure": _l("Declare the pack's unit (bag, box, bottle…), not a weight or volume."),
    "unit_unknown": _l("Choose the unit the pack is sold in."),
    "shelf_life_range": _l("The shelf life is between 1 and 3650 days."),
    "season_empty": _l("Choose at least one month of the season."),
    "certification_unknown": _l("Unknown certification: %(subject)s."),
    "brand_not_authorised": _l("Your cooperative is not authorised to sell under this brand."),
    "name_required": _l("Please give the name."),
    "sku_format": _l(
        "A SKU has 1 to 20 letters, digits or hyphens (customs reads at most 20): %(subject)s."
    ),
    "net_weight_range": _l("The net content is between 1 g and 100 kg: %(subject)s."),
    "units_per_pack_range": _l("A pack holds between 1 and 1000 items: %(subject)s."),
    "price_range": _l(
        "The price is in yuan, above 0 and at most 999,999.99, with at most two decimals: "
        "%(subject)s."
    ),
    "gtin_invalid": _l(
        "%(subject)s is not a valid bar code (GTIN/EAN: 8, 12, 13 or 14 digits with the check "
        "digit)."
    ),
    "sku_taken": _l("The SKU %(subject)s is already used."),
    "locale_unknown": _l("This language is not one of the shop's."),
    "too_long": _l("This text is too long (at most %(subject)s characters)."),
    # before publishing
    "name_missing": _l("The name is missing in %(subject)s."),
    "summary_missing": _l("The summary is missing in %(subject)s."),
    "no_active_pack": _l("No pack is on sale: add one or switch one on."),
    "no_destination_rule": _l(
        "No destination rule exists for this product class: the shop cannot tell buyers "
        "whether it may be sent to them."
    ),
    "ships_nowhere": _l("The destination rules let this product class go nowhere."),
    "shelf_life_required": _l("Food needs its shelf life (destination rules)."),
    "net_weight_missing": _l("Customs needs each pack's net content."),
    "sku_too_long_for_customs": _l("Customs reads at most 20 characters of a SKU: %(subject)s."),
    "chinese_name_missing": _l("Customs needs the goods' name in Chinese."),
    "customs_code_missing": _l(
        "Your cooperative has no customs registration code: ask the zone operator."
    ),
    "producer_chinese_name_missing": _l("Customs needs your cooperative's name in Chinese."),
    "producer_not_selling": _l(
        "Your cooperative is not approved to sell at the moment, so nothing can be published."
    ),
    # photos
    "too_large": _l("This file is too large: a photo may be at most %(subject)s."),
    "not_an_image": _l("This file is not a photo the shop can read (JPEG, PNG or WebP)."),
    "unsupported_format": _l("Please upload a JPEG, PNG or WebP photo."),
    "too_many_pixels": _l(
        "This image has too many pixels to be a photo (at most 40 megapixels): it was refused."
    ),
    "too_small": _l("This photo is too small: at least 200 pixels on each side."),
    "too_many_photos": _l("A product has at most 12 photos: remove one first."),
    # batches
    "lot_format": _l("A lot number has letters, digits, dots, slashes or hyphens."),
    "date_in_future": _l("The date cannot be in the future."),
    "best_before_order": _l("The best-before date comes after the production date."),
    "certificate_format": _l("A certificate number has letters, digits or hyphens."),
    "lot_taken": _l("The lot %(subject)s is already recorded for this product."),
    # brands
    "brand_unknown": _l("Choose a brand."),
    "already_authorised": _l("Your cooperative is already authorised for this brand."),
    "request_pending": _l("A request for this brand is already waiting for a decision."),
    "already_decided": _l("This request was already decided."),
    "reason_required": _l("Please give a reason."),
    # applications
    "uscc_invalid": _l(
        "This is not a valid unified social credit code (18 characters with its check character)."
    ),
    "uscc_taken": _l("A producer with this unified social credit code is already registered."),
    "customs_code_format": _l("A customs registration code has 10 letters or digits."),
    "county_unknown": _l("Choose the county."),
    "contact_name_required": _l("Please give the contact person's name."),
    "email_invalid": _l("Please give a valid e-mail address."),
    "phone_invalid": _l("Please give a valid phone number."),
    "transition_not_allowed": _l("This is not possible in the producer's present status."),
    # stock
    "reason_unknown": _l("Choose why the stock changes."),
    "quantity_range": _l("Give a whole number of packs."),
    "below_held": _l("Open orders hold %(subject)s packs: the count cannot be lower than that."),
    "below_zero": _l("Only %(subject)s packs are available: the stock cannot go below zero."),
    "stock_changed": _l("The stock changed meanwhile: please look and try again."),
    # members
    "account_cannot_apply": _l("Only a buyer account can apply for a cooperative."),
    "owner_only": _l("Only your cooperative's owner may do this."),
    "already_member": _l("This person is already a member of your cooperative."),
    "invitation_unusable": _l(
        "This invitation link is no longer valid: it was used, withdrawn or has expired."
    ),
    "invitation_other_address": _l(
        "This invitation was sent to another e-mail address: sign in with that address."
    ),
    "account_cannot_join": _l(
        "This account already has another role: use a buyer account to join."
    ),
    "owner_cannot_be_removed": _l("The owner cannot be removed."),
    # parcels
    "order_not_confirmed": _l("The order is not confirmed (it was cancelled or not paid)."),
    "already_handled": _l("This parcel has already been shipped or cancelled."),
    "already_packed": _l("This parcel is already packed."),
    "not_packed": _l("Pack the parcel first."),
    "already_booked": _l("This parcel is already booked."),
    "carrier_answer_invalid": _l(
        "The carrier answered with an invalid waybill number: nothing was recorded, try again."
    ),
    "no_carrier": _l("No carrier is connected: the zone operator records waybills."),
    "not_booked": _l("Book the carrier first."),
    "not_paid": _l("This order is not paid."),
    "not_released": _l("Customs has not released this parcel yet."),
    "not_the_declared_waybill": _l("The tracking number must be the declared waybill number."),
    "tracking_number": _l("The tracking number is not valid."),
    # CSV import
    "csv_on_sale": _l("on_sale is yes or no, not %(subject)s."),
    "csv_quantity": _l("on_hand is a whole number of packs, not %(subject)s."),
    "csv_too_large": _l("The file is too large (at most 2 MB)."),
    "csv_columns_missing": _l("These columns are missing: %(subject)s."),
    "csv_too_many_rows": _l("At most %(subject)s rows per file."),
    "csv_unreadable": _l("This file cannot be read as CSV."),
    "csv_empty": _l("The file has no rows."),
    "csv_encoding": _l("The file is neither UTF-8 nor GB 18030 text."),
    "csv_duplicate_sku": _l("This SKU is already on line %(subject)s."),
    "csv_pack_of_other_product": _l("The pack %(subject)s belongs to another of your products."),
    "csv_product_unknown": _l("None of your products has the code %(subject)s."),
    # the operator's producer record (negative list, complaints)
    "producer_on_negative_list": _l(
        "Your cooperative is on the zone's negative list: nothing can be published until the "
        "zone operator takes it off."
    ),
    "already_on_negative_list": _l("This producer is already on the negative list."),
    "not_on_negative_list": _l("This producer is not on the negative list."),
    "complaint_text_required": _l("Please describe the complaint."),
    "order_unknown": _l("No order has the number %(subject)s."),
    "order_not_of_producer": _l("Order %(subject)s holds nothing of this producer."),
    # the operator's brand pages
    "producer_unknown": _l("Choose a producer."),
    "already_authorised_producer": _l("This producer is already authorised for the brand."),
    "slug_invalid": _l("The address needs letters or digits."),
    "slug_taken": _l("Another brand already uses the address %(subject)s in this language."),
    # users and roles
    "user_unknown": _l("This user does not exist."),
    "role_by_invitation": _l(
        "A cooperative member joins through the owner's invitation, not from the console."
    ),
    "role_unchanged": _l("The user already has this role."),
    "own_operator_role": _l("You cannot remove your own operator role: ask another operator."),
    "last_operator": _l("This is the last operator: give another user the operator role first."),
}


LOCALE_SUBJECTS = frozenset({"name_missing", "summary_missing", "chinese_name_missing"})


def language_name(code: str) -> str:
    """A content locale's name in the reader's language ("English", "英语", "الإنجليزية")."""
    identifier = BABEL_IDENTIFIERS.get(code)
    if identifier is None:
        return code
    return Locale.parse(identifier).get_display_name(get_locale()) or code


def problem_text(problem: Problem) -> str:
    message = PROBLEMS.get(problem.code)
    if message is None:
        return problem.code
    subject = problem.subject
    if problem.code in LOCALE_SUBJECTS:
        subject = language_name(subject)
    return str(message) % {"subject": subject}


def problem_texts(problems) -> list[str]:
    return [problem_text(problem) for problem in problems]


PRODUCER_STATUSES = {
    ProducerStatus.PENDING: _l("Application waiting for the zone operator"),
    ProducerStatus.APPROVED: _l("Approved: selling"),
    ProducerStatus.REFUSED: _l("Application refused"),
    ProducerStatus.SUSPENDED: _l("Suspended"),
}

PARCEL_STAGES = {
    ParcelStage.TO_PACK: _l("To pack"),
    ParcelStage.TO_BOOK: _l("To book with the carrier"),
    ParcelStage.AT_CUSTOMS: _l("At customs"),
    ParcelStage.TO_HAND_OVER: _l("Released: hand over"),
    ParcelStage.SHIPPED: _l("Shipped"),
    ParcelStage.CANCELLED: _l("Cancelled"),
}

CUSTOMS_STATES = {
    CustomsState.NONE: _l("Not declared"),
    CustomsState.WAITING_WAYBILL: _l("Order declared; the list waits for the waybill"),
    CustomsState.PROBLEM: _l("Needs the zone operator (data missing or refused)"),
    CustomsState.AT_CUSTOMS: _l("Declared, waiting for release"),
    CustomsState.RELEASED: _l("Released"),
    CustomsState.WITHDRAWN: _l("Withdrawn"),
}

MOVEMENT_REASONS = {
    MovementReason.OPENING: _l("Opening stock"),
    MovementReason.RECEIVED: _l("Goods received"),
    MovementReason.SOLD: _l("Sold"),
    MovementReason.RELEASED: _l("Order cancelled or expired"),
    MovementReason.DAMAGED: _l("Damaged or lost"),
    MovementReason.CORRECTION: _l("Count correction"),
}

TEXT_STATES = {
    TextState.SOURCE: _l("Source text"),
    TextState.COMPLETE: _l("Complete"),
    TextState.STALE: _l("Needs update"),
    TextState.PARTIAL: _l("Incomplete"),
    TextState.MISSING: _l("Missing"),
}

AUTHORISATION_STATUSES = {
    AuthorisationStatus.PENDING: _l("Waiting for the steward"),
    AuthorisationStatus.APPROVED: _l("Authorised"),
    AuthorisationStatus.REFUSED: _l("Refused"),
    AuthorisationStatus.REVOKED: _l("Authorisation ended"),
}

LISTING_ACTIONS = {
    "created": _l("Listing created"),
    "edited": _l("Facts edited"),
    "published": _l("Published"),
    "unpublished": _l("Unpublished"),
    "texts_saved": _l("Texts saved"),
    "pack_added": _l("Pack added"),
    "pack_edited": _l("Pack edited"),
    "photo_added": _l("Photo added"),
    "photo_first": _l("Photo put first"),
    "photo_removed": _l("Photo removed"),
    "batch_added": _l("Batch added"),
    "batch_removed": _l("Batch removed"),
    "imported": _l("Changed by a CSV import"),
}

PRODUCT_CLASSES = {
    ProductClass.FRESH_CITRUS: _l("Fresh citrus fruit"),
    ProductClass.FRESH_FRUIT: _l("Other fresh fruit"),
    ProductClass.TEA: _l("Tea"),
    ProductClass.COOKED_POULTRY: _l("Cooked poultry"),
    ProductClass.FISH_PRODUCT: _l("Fish product"),
    ProductClass.DRIED_CHILI: _l("Dried chili"),
    ProductClass.CHILI_SAUCE: _l("Chili sauce"),
    ProductClass.FRESH_VEGETABLE: _l("Fresh vegetable"),
    ProductClass.DRIED_MUSHROOM: _l("Dried mushroom"),
    ProductClass.PROCESSED_SOY: _l("Processed soy"),
    ProductClass.NOODLES: _l("Noodles"),
    ProductClass.HERBAL_MEDICINE: _l("Herbal medicine"),
    ProductClass.GENERAL_MERCHANDISE: _l("General merchandise (not food)"),
}

# The pack units customs knows (catalog.legal_units.PACK_UNITS), in the reader's language.
UNIT_NAMES = {
    "001": _l("set (machine)"),
    "006": _l("set"),
    "007": _l("piece"),
    "008": _l("item"),
    "011": _l("piece (article)"),
    "012": _l("stick"),
    "015": _l("strip"),
    "016": _l("handle"),
    "017": _l("block"),
    "020": _l("slice"),
    "025": _l("pair"),
    "120": _l("case"),
    "122": _l("can"),
    "123": _l("barrel"),
    "125": _l("packet"),
    "136": _l("bag"),
    "139": _l("grain"),
    "140": _l("box"),
    "142": _l("bottle"),
    "163": _l("device"),
}

MESSAGE_TYPES = customs_labels.MESSAGE_TYPES
DECLARATION_STATUSES = customs_labels.STATUSES

# What the parcel's history lists (order events' target statuses, and the portal's steps).
EVENT_STEPS = {
    **order_labels.ORDER_STATUSES,
    **order_labels.PAYMENT_STATUSES,
    **order_labels.FULFILMENT_STATUSES,
    "packed": _l("Packed"),
    "booked": _l("Booked with the carrier"),
}
