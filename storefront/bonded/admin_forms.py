"""The operator's form for a bonded good: each value checked at its field, errors beside it."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from catalog.locales import SUPPORTED_LOCALES
from storefront.customs.messages.codes import COUNTRY_CODES, UNITS
from storefront.forms import strip
from storefront.pickup.goods import BondedCategory, ContentUnit

FILL_IN = _l("Please fill in this field.")
RATE = [
    InputRequired(message=FILL_IN),
    NumberRange(min=0, max=1, message=_l("A rate is between 0 and 1, e.g. 0.13 for 13%%.")),
]  # noqa: E501
POSITIVE = NumberRange(min=Decimal("0.001"), message=_l("Must be more than 0."))
MEASURES = {"kg", "g", "t", "l", "ml", "m", "m2"}


def locale_field(locale: str) -> str:
    return locale.replace("-", "_")


class BondedGoodForm(FlaskForm):
    sku = StringField(
        _l("SKU"),
        filters=[strip],
        validators=[
            DataRequired(message=FILL_IN),
            Regexp(
                r"^[A-Za-z0-9._-]{1,20}$",
                message=_l("1 to 20 letters, digits, dots, dashes or underscores."),
            ),  # noqa: E501
        ],
        render_kw={"dir": "ltr"},
    )
    category = SelectField(_l("Category"), validators=[DataRequired()])
    origin_country = SelectField(_l("Country of origin"), validators=[DataRequired()])
    hs_code = StringField(
        _l("HS code (10 digits)"),
        filters=[strip],
        validators=[
            DataRequired(message=FILL_IN),
            Regexp(r"^\d{10}$", message=_l("An HS code has 10 digits.")),
        ],  # noqa: E501
        render_kw={"dir": "ltr", "inputmode": "numeric"},
    )
    on_positive_list = BooleanField(_l("On the positive list of cross-border retail imports"))
    item_record_no = StringField(
        _l("Customs item record number"),
        filters=[strip],
        validators=[DataRequired(message=FILL_IN), Length(max=30)],
        render_kw={"dir": "ltr"},
    )
    ems_no = StringField(
        _l("Account book (emsNo)"),
        filters=[strip],
        validators=[DataRequired(message=FILL_IN), Length(max=30)],
        render_kw={"dir": "ltr"},
    )
    barcode = StringField(
        _l("Bar code"),
        filters=[strip],
        validators=[
            Optional(),
            Regexp(r"^\d{8,14}$", message=_l("A bar code has 8 to 14 digits.")),
        ],  # noqa: E501
        render_kw={"dir": "ltr", "inputmode": "numeric"},
    )
    price = DecimalField(
        _l("Price (CNY)"),
        places=2,
        validators=[
            InputRequired(message=FILL_IN),
            NumberRange(
                min=Decimal("0.01"),
                max=Decimal("1000000"),
                message=_l("A price between 0.01 and 1,000,000."),
            ),
        ],  # noqa: E501
    )
    vat_rate = DecimalField(_l("VAT rate"), places=4, validators=RATE)
    consumption_tax_rate = DecimalField(_l("Consumption tax rate"), places=4, validators=RATE)
    high_end_threshold = DecimalField(
        _l("High-end threshold (CNY per ml, g or piece; empty: the rate always applies)"),
        places=2,
        validators=[Optional(), POSITIVE],
    )
    tariff_rate = DecimalField(
        _l("Tariff rate (single items over the order limit)"), places=4, validators=RATE
    )  # noqa: E501
    net_content = DecimalField(
        _l("Net content"), places=3, validators=[InputRequired(message=FILL_IN), POSITIVE]
    )  # noqa: E501
    content_unit = SelectField(_l("Net content unit"), validators=[DataRequired()])
    declared_unit = SelectField(_l("Unit sold (declared unit)"), validators=[DataRequired()])
    legal_unit = SelectField(_l("Legal unit of the HS code"), validators=[DataRequired()])
    legal_quantity = DecimalField(
        _l("Legal quantity per item"),
        places=5,
        validators=[InputRequired(message=FILL_IN), POSITIVE],
    )  # noqa: E501
    second_unit = SelectField(
        _l("Second legal unit (if the HS code has one)"), validators=[Optional()]
    )  # noqa: E501
    second_quantity = DecimalField(
        _l("Second legal quantity per item"), places=5, validators=[Optional(), POSITIVE]
    )  # noqa: E501
    net_weight_kg = DecimalField(
        _l("Net weight per item (kg)"),
        places=3,
        validators=[InputRequired(message=FILL_IN), POSITIVE],
    )  # noqa: E501
    gross_weight_kg = DecimalField(
        _l("Gross weight per item (kg)"),
        places=3,
        validators=[InputRequired(message=FILL_IN), POSITIVE],
    )  # noqa: E501
    indivisible = BooleanField(
        _l("One indivisible item (may be bought alone over the order limit)")
    )  # noqa: E501
    stock = IntegerField(
        _l("Bonded stock"),
        validators=[
            InputRequired(message=FILL_IN),
            NumberRange(min=0, max=1_000_000, message=_l("A whole number from 0.")),
        ],
    )  # noqa: E501
    is_published = BooleanField(_l("On sale in the bonded shop"))

    def set_choices(self, labels: dict[str, str], countries: dict[str, str]) -> None:
        self.category.choices = [(c.value, labels[c.value]) for c in BondedCategory]
        self.origin_country.choices = sorted(
            ((code, countries.get(code, code)) for code in COUNTRY_CODES if code != "CN"),
            key=lambda pair: pair[1],
        )
        self.content_unit.choices = [(u.value, labels[u.value]) for u in ContentUnit]
        units = [(key, f"{unit.name_zh} ({unit.code})") for key, unit in UNITS.items()]
        self.declared_unit.choices = [pair for pair in units if pair[0] not in MEASURES]
        self.legal_unit.choices = units
        self.second_unit.choices = [("", "—"), *units]

    def validate_consumption_tax_rate(self, field: DecimalField) -> None:
        if field.data is not None and field.data >= 1:
            raise ValidationError(_l("The consumption tax rate must be below 1."))

    def validate_gross_weight_kg(self, field: DecimalField) -> None:
        net = self.net_weight_kg.data
        if field.data is not None and net is not None and field.data < net:
            raise ValidationError(_l("The gross weight cannot be less than the net weight."))

    def validate_second_quantity(self, field: DecimalField) -> None:
        if bool(self.second_unit.data) != (field.data is not None):
            raise ValidationError(_l("Give the second legal unit and its quantity together."))

    def validate_name_zh_hans(self, field: StringField) -> None:
        if not (field.data or "").strip():
            raise ValidationError(_l("The Chinese name is required: customs reads it."))


for _locale in SUPPORTED_LOCALES:
    _key = locale_field(_locale)
    setattr(
        BondedGoodForm,
        f"name_{_key}",
        StringField(_l("Name"), filters=[strip], validators=[Length(max=200)]),
    )  # noqa: E501
    setattr(
        BondedGoodForm,
        f"summary_{_key}",
        StringField(_l("Summary"), filters=[strip], validators=[Length(max=400)]),
    )  # noqa: E501
    setattr(
        BondedGoodForm,
        f"description_{_key}",
        TextAreaField(
            _l("Description"), filters=[strip], validators=[Length(max=4000)], render_kw={"rows": 3}
        ),
    )  # noqa: E501
