"""Operator page: the destination rules (``/<locale>/admin/destination-rules/``).

One cell per country and product class (``*``: every country without its own cell): allowed,
conditional or blocked, and why, in six languages. Filters by country, class and status; a row
opens for editing its status and reasons; a country's own cell can be added or removed (the
default then applies again). Rules are catalog rows: an edit moves the catalog's stamp, and
product pages show it at once (catalog/revision.py).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from catalog.destination_matrix import DESTINATION_COUNTRIES
from catalog.destination_rules import (
    REASON_MAX,
    InvalidDestinationRule,
    count_rules,
    delete_rule,
    list_rules,
    reason_field,
    save_rule,
)
from catalog.locales import SUPPORTED_LOCALES
from catalog.models import ANY_COUNTRY, DestinationRule, EligibilityStatus, ProductClass
from catalog.translation import translated_field
from storefront.accounts.models import UserRole
from storefront.admin.access import role_required
from storefront.admin.tables import (
    NEW_ROW,
    Column,
    EditableTable,
    FilterForm,
    RowRefused,
    TableRow,
    posted_row,
    read_filters,
    row_form,
    row_id_of,
    save_row,
    table_rows,
)
from storefront.coop.labels import PRODUCT_CLASSES
from storefront.extensions import db
from storefront.forms import CsrfOnlyForm, strip
from storefront.i18n import country_name, current_locale

bp = Blueprint(
    "admin_destination_rules",
    __name__,
    url_prefix="/<locale:locale>/admin/destination-rules",
    template_folder="templates",
)

STATUSES = {
    EligibilityStatus.ALLOWED: _l("Allowed"),
    EligibilityStatus.CONDITIONAL: _l("Conditional"),
    EligibilityStatus.BLOCKED: _l("Blocked"),
}
LANGUAGES = {
    "en": _l("Reason in English"),
    "zh-hans": _l("Reason in Simplified Chinese"),
    "zh-hant": _l("Reason in Traditional Chinese"),
    "fr": _l("Reason in French"),
    "ms": _l("Reason in Malay"),
    "ar": _l("Reason in Arabic"),
}
TOO_LONG = _l("At most 500 characters.")
REFUSALS = {
    "required": _l("Please give the reason in English: other languages fall back to it."),
    "too_long": TOO_LONG,
    "country": _l("Choose a destination the shop sells to, or * for every other country."),
    "taken": _l("This country already has a cell for this product class: edit that row."),
    "default": _l("A default cell (*) cannot be removed: change its status instead."),
}


def _reason_area(locale: str) -> TextAreaField:
    direction = "rtl" if locale == "ar" else "ltr"
    return TextAreaField(
        LANGUAGES[locale],
        filters=[strip],
        validators=[Length(max=REASON_MAX, message=TOO_LONG)],
        render_kw={"lang": locale, "dir": direction, "rows": 2},
    )


def _status_choices(blank: bool = False) -> list[SelectChoice]:
    first = [SelectChoice("", _("All statuses"))] if blank else []
    return first + [SelectChoice(status.value, str(label)) for status, label in STATUSES.items()]


def _class_choices(blank: bool = False) -> list[SelectChoice]:
    first = [SelectChoice("", _("All product classes"))] if blank else []
    return first + [SelectChoice(cls.value, str(PRODUCT_CLASSES[cls])) for cls in ProductClass]


def _country_choices(blank: bool = False) -> list[SelectChoice]:
    first = [SelectChoice("", _("All countries"))] if blank else []
    countries = sorted(DESTINATION_COUNTRIES, key=country_name)
    return [
        *first,
        SelectChoice(ANY_COUNTRY, _("* (every other country)")),
        *(SelectChoice(code, f"{country_name(code)} ({code})") for code in countries),
    ]


class RuleForm(FlaskForm):
    status = SelectField(_l("Status"), validators=[DataRequired()])
    reason_en = _reason_area("en")
    reason_zh_hans = _reason_area("zh-hans")
    reason_zh_hant = _reason_area("zh-hant")
    reason_fr = _reason_area("fr")
    reason_ms = _reason_area("ms")
    reason_ar = _reason_area("ar")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = _status_choices()

    def reasons(self) -> dict[str, str]:
        return {locale: self[reason_field(locale)].data or "" for locale in SUPPORTED_LOCALES}


class NewRuleForm(RuleForm):
    country = SelectField(_l("Country"), validators=[DataRequired()])
    product_class = SelectField(_l("Product class"), validators=[DataRequired()])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = _country_choices()
        self.product_class.choices = _class_choices()


class RuleFilters(FilterForm):
    country = SelectField(_l("Country"), validators=[Optional()])
    product_class = SelectField(_l("Product class"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])


def _filters() -> RuleFilters:
    form = RuleFilters(formdata=None)
    form.country.choices = _country_choices(blank=True)
    form.product_class.choices = _class_choices(blank=True)
    form.status.choices = _status_choices(blank=True)
    return read_filters(form)


OTHER_LOCALES = tuple(reason_field(locale) for locale in SUPPORTED_LOCALES if locale != "en")
COLUMNS = (
    Column("country", _l("Country")),
    Column("product_class", _l("Product class")),
    Column("status", _l("Status")),
    Column(reason_field("en"), _l("Reason"), also=OTHER_LOCALES),
)


def _country_label(code: str) -> str:
    return _("* (every other country)") if code == ANY_COUNTRY else country_name(code)


def _cells(rule: DestinationRule) -> tuple[object, ...]:
    return (
        _country_label(rule.country),
        str(PRODUCT_CLASSES[rule.product_class]),
        Markup('<span class="status status-{}">{}</span>').format(
            rule.status.value, STATUSES[rule.status]
        ),
        translated_field(rule, "reason", current_locale(), source_locale="en"),
    )


def _name(rule: DestinationRule) -> str:
    return _(
        "%(product_class)s to %(country)s",
        product_class=PRODUCT_CLASSES[rule.product_class],
        country=_country_label(rule.country),
    )


def _rule_form(rule: DestinationRule, key: str) -> RuleForm:
    texts = {row.locale: row.reason for row in rule.translations}
    values = {reason_field(locale): texts.get(locale, "") for locale in SUPPORTED_LOCALES}
    return row_form(RuleForm, key, status=rule.status.value, **values)


def _page(editing: tuple[str, FlaskForm] | None = None, status: int = 200):
    filters = _filters()
    chosen = filters.active()
    args = filters.query_args()
    rules = list_rules(
        db.session,
        country=chosen.get("country"),
        product_class=ProductClass(chosen["product_class"]) if "product_class" in chosen else None,
        status=EligibilityStatus(chosen["status"]) if "status" in chosen else None,
    )
    removable = {rule.id for rule in rules if rule.country != ANY_COUNTRY}  # defaults stay
    new_form = (
        editing[1]
        if editing and editing[0] == NEW_ROW
        else row_form(
            NewRuleForm,
            NEW_ROW,
            country=chosen.get("country", ""),
            product_class=chosen.get("product_class", ""),
            status=EligibilityStatus.BLOCKED.value,
        )
    )
    table = EditableTable(
        id="rules",
        caption=_("Destination rules"),
        columns=COLUMNS,
        rows=table_rows(
            rules,
            key_of=lambda rule: rule.id,
            cells=_cells,
            name=_name,
            editing=editing if editing and editing[0] != NEW_ROW else None,
            form_for=_rule_form,
            edit_url=lambda rule_id: url_for(".rule_list", edit=rule_id, **args),
            delete_url=lambda rule_id: (
                url_for(".rule_delete", rule_id=rule_id, **args) if rule_id in removable else ""
            ),
            fetch=lambda key: db.session.get(DestinationRule, row_id_of(key)),
        ),
        save_url=url_for(".rule_save", **args),
        cancel_url=url_for(".rule_list", **args),
        new_row=TableRow(key=NEW_ROW, cells=("",) * len(COLUMNS), name="", form=new_form),
        total=count_rules(db.session),
    )
    return render_template(
        "admin/destination_rules.html",
        table=table,
        filters=filters,
        clear_url=url_for(".rule_list"),
    ), status


@bp.get("/")
@role_required(UserRole.OPERATOR)
def rule_list():
    return _page()


@bp.post("/")
@role_required(UserRole.OPERATOR)
def rule_save():
    key, rule = posted_row(db.session, DestinationRule)
    form = row_form(NewRuleForm if rule is None else RuleForm, key, posted=True)

    def save() -> None:
        try:
            save_rule(
                db.session,
                rule=rule,
                status=EligibilityStatus(form.status.data),
                reasons=form.reasons(),
                product_class=(
                    ProductClass(form.product_class.data) if isinstance(form, NewRuleForm) else None
                ),
                country=form.country.data if isinstance(form, NewRuleForm) else None,
            )
        except InvalidDestinationRule as refused:
            raise RowRefused(refused.field, str(REFUSALS[refused.reason])) from refused

    if not save_row(form, save, first_field="status"):
        return _page((key, form), 422)
    flash(_("The destination rule is saved: product pages show it now."), "success")
    return redirect(url_for(".rule_list", **_filters().query_args()), 303)


@bp.post("/<int:rule_id>/delete")
@role_required(UserRole.OPERATOR)
def rule_delete(rule_id: int):
    rule = db.session.get(DestinationRule, rule_id)
    if rule is None or rule.country == ANY_COUNTRY:
        abort(404)
    if not CsrfOnlyForm().validate_on_submit():
        abort(400)
    delete_rule(db.session, rule)
    db.session.commit()
    flash(_("The country's own rule is removed: the default (*) applies again."), "success")
    return redirect(url_for(".rule_list", **_filters().query_args()), 303)
