"""Forms of the bonded shop, the counter and the operator's goods pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    StringField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange

from storefront.forms import MAX_ROW_ID, strip
from storefront.pickup.goods import MAX_LINE_QUANTITY

FILL_IN = _l("Please fill in this field.")


class BondedCartForm(FlaskForm):
    good_id = IntegerField(validators=[DataRequired(), NumberRange(min=1, max=MAX_ROW_ID)])
    quantity = IntegerField(
        _l("Quantity"),
        default=1,
        validators=[InputRequired(), NumberRange(min=0, max=MAX_LINE_QUANTITY)],
    )


class IdentityForm(FlaskForm):
    """The orderer as on their ID card; checked field by field by the view (nothing is lost)."""

    real_name = StringField(
        _l("Real name (as on your ID card)"),
        filters=[strip],
        render_kw={"required": True, "autocomplete": "name"},
        validators=[DataRequired(message=FILL_IN), Length(max=60)],
    )
    id_number = StringField(
        _l("Mainland China resident ID number"),
        filters=[strip],
        render_kw={
            "required": True,
            "dir": "ltr",
            "autocomplete": "off",
            "spellcheck": "false",
            "maxlength": 22,
        },
        validators=[Length(max=22)],  # blank keeps the number given before (checked by the view)
    )
    phone = StringField(
        _l("Mobile phone number (mainland China)"),
        filters=[strip],
        render_kw={"required": True, "dir": "ltr", "inputmode": "tel", "autocomplete": "tel"},
        validators=[DataRequired(message=FILL_IN), Length(max=20)],
    )
    email = EmailField(
        _l("E-mail address (for your pickup code)"),
        filters=[strip],
        render_kw={"required": True, "dir": "ltr", "autocomplete": "email"},
        validators=[
            DataRequired(message=FILL_IN),
            Email(message=_l("Please enter an e-mail address such as name@example.com.")),
            Length(max=254),
        ],
    )
    payer_is_buyer = BooleanField(
        _l("I, the buyer named above, pay for this order myself, from an account in my own name.")
    )
    showroom = RadioField(_l("Showroom"), validators=[DataRequired()])


class PlaceBondedOrderForm(FlaskForm):
    placement_key = HiddenField(validators=[DataRequired()])


class SlotForm(FlaskForm):
    slot = RadioField(_l("Pickup time"), coerce=int, validators=[DataRequired()])


# What staff type at the counter: codes read left to right, in capitals, never remembered
CODE_INPUT = {
    "required": True,
    "dir": "ltr",
    "autocomplete": "off",
    "autocapitalize": "characters",
    "spellcheck": "false",
}


class CounterCodeForm(FlaskForm):
    code = StringField(
        _l("Pickup code"),
        filters=[strip],
        render_kw={**CODE_INPUT, "maxlength": 20},
        validators=[DataRequired(message=FILL_IN), Length(max=20)],
    )


class HandOverForm(FlaskForm):
    code = HiddenField(validators=[DataRequired(), Length(max=20)])
    last_six = StringField(
        _l("Last six characters of the buyer's ID card"),
        filters=[strip],
        render_kw={**CODE_INPUT, "maxlength": 6, "minlength": 6},
        validators=[DataRequired(message=FILL_IN), Length(min=6, max=6)],
    )
