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


class CheckoutForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        render_kw={"dir": "ltr"},
        filters=[strip],
        validators=[DataRequired(), Email(), Length(max=254)],
    )
    recipient_name = StringField(
        _l("Recipient's full name"), validators=[DataRequired(), Length(max=200)]
    )
    phone = StringField(
        _l("Phone number (for the carrier)"),
        render_kw={"dir": "ltr", "inputmode": "tel"},
        validators=[DataRequired(), Length(min=5, max=40)],
    )
    country = SelectField(_l("Destination country"), validators=[DataRequired()])
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
