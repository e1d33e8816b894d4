"""Checkout forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from storefront.forms import MAX_ROW_ID, strip
from storefront.shipping.models import ShippingMethod


class CartLineForm(FlaskForm):
    # Bounded: a number no row can have (over 64 bits, say) must never reach a query.
    variant_id = IntegerField(validators=[DataRequired(), NumberRange(min=1, max=MAX_ROW_ID)])
    quantity = IntegerField(
        _l("Quantity"), default=1, validators=[Optional(), NumberRange(min=0, max=999)]
    )


FILL_IN = _l("Please fill in this field.")


class CheckoutForm(FlaskForm):
    """Contact and address; the address fields are checked per country by the view."""

    email = EmailField(
        _l("E-mail address"),
        render_kw={"dir": "ltr", "required": True},
        filters=[strip],
        validators=[
            DataRequired(message=FILL_IN),
            Email(message=_l("Please enter an e-mail address such as name@example.com.")),
            Length(max=254),
        ],
    )
    recipient_name = StringField(
        _l("Recipient's full name"),
        render_kw={"required": True},
        filters=[strip],
        validators=[DataRequired(message=FILL_IN), Length(max=200)],
    )
    phone = StringField(
        _l("Phone number (for the carrier)"),
        render_kw={"dir": "ltr", "inputmode": "tel", "required": True},
        filters=[strip],
        validators=[DataRequired(message=FILL_IN), Length(max=40)],
    )
    country = SelectField(
        _l("Destination country"),
        render_kw={"required": True},
        validators=[DataRequired(message=_l("Please choose the destination country."))],
    )
    street_address = TextAreaField(
        _l("Street address"), validators=[Length(max=500)], render_kw={"rows": 2}
    )
    city = StringField(_l("City"), validators=[Length(max=100)])
    city_area = StringField(_l("District"), validators=[Length(max=100)])
    country_area = StringField(_l("State, province or region"), validators=[Length(max=100)])
    postal_code = StringField(
        _l("Postal code"), render_kw={"dir": "ltr"}, validators=[Length(max=20)]
    )


class PlaceOrderForm(FlaskForm):
    placement_key = HiddenField(validators=[DataRequired()])
    shipping_method = RadioField(
        _l("Shipping method"),
        choices=[SelectChoice(method.value) for method in ShippingMethod],
        validators=[DataRequired()],
    )
