"""The portal's forms: every one carries a CSRF token; choices are filled in by the views."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from storefront.forms import strip


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ProductFactsForm(FlaskForm):
    category = SelectField(_l("Category"), validators=[DataRequired()])
    product_class = SelectField(
        _l("Kind of goods (destination rules)"), validators=[DataRequired()]
    )
    hs_code = StringField(
        _l("HS code (10 digits)"), filters=[strip], validators=[DataRequired(), Length(max=20)]
    )
    customs_unit = SelectField(
        _l("Unit the pack is sold in (customs)"), validators=[DataRequired()]
    )
    storage = SelectField(_l("Storage"), validators=[DataRequired()])
    shelf_life_days = IntegerField(
        _l("Shelf life (days)"), validators=[Optional(), NumberRange(min=1, max=3650)]
    )
    season_months = CheckboxesField(_l("Season"), coerce=int)
    certifications = CheckboxesField(_l("Certifications"))
    brand_id = SelectField(_l("Brand"), coerce=str)


class PackFields(FlaskForm):
    """A pack's facts and price (a new product's first pack, or any pack)."""

    sku = StringField(_l("SKU"), filters=[strip], validators=[DataRequired(), Length(max=20)])
    net_weight_g = IntegerField(
        _l("Net content (grams)"), validators=[InputRequired(), NumberRange(min=1, max=100_000)]
    )
    units_per_pack = IntegerField(
        _l("Items per pack"), default=1, validators=[InputRequired(), NumberRange(min=1, max=1000)]
    )
    price = DecimalField(_l("Price (CNY)"), places=2, validators=[InputRequired()])
    barcode = StringField(
        _l("Bar code (GTIN, optional)"), filters=[strip], validators=[Length(max=14)]
    )


class NewProductForm(ProductFactsForm, PackFields):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=200)])
    summary = StringField(_l("Summary"), filters=[strip], validators=[Length(max=400)])
    description = TextAreaField(_l("Description"), validators=[Length(max=20000)])


class PackForm(PackFields):
    is_active = BooleanField(_l("On sale"), default=True)


class TextsForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip], validators=[Length(max=200)])
    summary = StringField(_l("Summary"), filters=[strip], validators=[Length(max=400)])
    description = TextAreaField(_l("Description"), validators=[Length(max=20000)])


class PhotoForm(FlaskForm):
    photo = FileField(
        _l("Photo (JPEG, PNG or WebP)"),
        validators=[FileRequired()],
        render_kw={"accept": "image/jpeg,image/png,image/webp"},
    )


class StockForm(FlaskForm):
    reason = RadioField(_l("What happened"), validators=[DataRequired()])
    quantity = IntegerField(
        _l("Packs"), validators=[InputRequired(), NumberRange(min=0, max=1_000_000)]
    )
    note = StringField(_l("Note (optional)"), filters=[strip], validators=[Length(max=200)])


class BatchForm(FlaskForm):
    lot_number = StringField(
        _l("Lot number"), filters=[strip], validators=[DataRequired(), Length(max=60)]
    )
    kind = RadioField(_l("Date of"), validators=[DataRequired()])
    produced_on = DateField(_l("Date"), validators=[InputRequired()])
    best_before = DateField(_l("Best before (optional)"), validators=[Optional()])
    inspection_certificate = StringField(
        _l("Inspection certificate (optional)"), filters=[strip], validators=[Length(max=80)]
    )


class BrandRequestForm(FlaskForm):
    brand_id = SelectField(_l("Brand"), coerce=str, validators=[DataRequired()])
    message = TextAreaField(_l("Message to the steward (optional)"), validators=[Length(max=500)])


class DecisionForm(FlaskForm):
    decision = RadioField(
        _l("Decision"),
        choices=[SelectChoice("approve", _l("Authorise")), SelectChoice("refuse", _l("Refuse"))],
        validators=[DataRequired()],
    )
    reason = TextAreaField(_l("Reason (needed to refuse)"), validators=[Length(max=500)])


class ReasonForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(_l("Please give a reason.")), Length(max=500)],
    )


class InviteForm(FlaskForm):
    email = StringField(
        _l("E-mail address"), filters=[strip], validators=[DataRequired(), Length(max=254)]
    )


class CsvUploadForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired()])


class CsvConfirmForm(FlaskForm):
    content = TextAreaField(validators=[DataRequired(), Length(max=2_000_000)])


class ApplicationForm(FlaskForm):
    name_zh = StringField(
        _l("Name in Chinese"), filters=[strip], validators=[DataRequired(), Length(max=200)]
    )
    name_en = StringField(
        _l("Name in English (optional)"), filters=[strip], validators=[Length(max=200)]
    )
    kind = RadioField(_l("Kind"), validators=[DataRequired()])
    uscc = StringField(
        _l("Unified social credit code"),
        filters=[strip],
        validators=[DataRequired(), Length(max=30)],
    )
    customs_code = StringField(
        _l("Customs registration code (10 characters)"),
        filters=[strip],
        validators=[DataRequired(), Length(max=20)],
    )
    county_id = SelectField(_l("County"), coerce=str, validators=[DataRequired()])
    contact_name = StringField(
        _l("Contact person"), filters=[strip], validators=[DataRequired(), Length(max=120)]
    )
    contact_email = StringField(
        _l("Contact e-mail"), filters=[strip], validators=[DataRequired(), Length(max=254)]
    )
    contact_phone = StringField(
        _l("Contact phone"), filters=[strip], validators=[DataRequired(), Length(max=40)]
    )
    description = TextAreaField(
        _l("About the cooperative (optional)"), validators=[Length(max=2000)]
    )
