"""The console's own forms (every one carries a CSRF token)."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, Form, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from storefront.forms import strip


class ComplaintForm(FlaskForm):
    text = TextAreaField(
        _l("Complaint"),
        filters=[strip],
        validators=[DataRequired(_l("Please describe the complaint.")), Length(max=2000)],
    )
    order_number = StringField(
        _l("Order number (optional)"), filters=[strip], validators=[Length(max=24)]
    )


class NegativeListForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"),
        filters=[strip],
        validators=[DataRequired(_l("Please give a reason.")), Length(max=500)],
    )


class IsoDateField(DateField):
    """A date written YYYY-MM-DD; anything else is refused with the console's own sentence."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(
                gettext(
                    "Dates are written YYYY-MM-DD: %(value)s was ignored.",
                    value=" ".join(valuelist)[:40],
                )
            ) from error


class AuditFilterForm(Form):
    """The audit log's filters, read from the query string (a GET form: no CSRF token)."""

    actor = StringField(_l("Who (e-mail or system)"), filters=[strip], validators=[Length(max=80)])
    kind = SelectField(_l("Kind of object"), validators=[Optional()])
    reference = StringField(
        _l("Reference (order number, product or producer code…)"),
        filters=[strip],
        validators=[Length(max=60)],
    )
    text = StringField(_l("Text"), filters=[strip], validators=[Length(max=80)])
    date_from = IsoDateField(_l("From"), validators=[Optional()])
    date_to = IsoDateField(_l("To"), validators=[Optional()])


class StewardForm(FlaskForm):
    steward_producer_id = SelectField(_l("Steward"), coerce=str, validators=[Optional()])


class AuthoriseForm(FlaskForm):
    producer_id = SelectField(
        _l("Producer"), coerce=str, validators=[DataRequired(_l("Choose a producer."))]
    )


class BrandTextsForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip], validators=[Length(max=160)])
    slug = StringField(_l("Address (slug)"), filters=[strip], validators=[Length(max=160)])
    summary = TextAreaField(_l("Summary"), filters=[strip], validators=[Length(max=300)])
    story = TextAreaField(_l("Story"), validators=[Length(max=20_000)], render_kw={"rows": 12})
    steward = StringField(_l("Steward line"), filters=[strip], validators=[Length(max=200)])
    seo_title = StringField(_l("Search title"), filters=[strip], validators=[Length(max=160)])
    seo_description = TextAreaField(
        _l("Search description"), filters=[strip], validators=[Length(max=300)]
    )


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), validators=[DataRequired()])
