"""Operator forms: every one carries a CSRF token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Regexp

from storefront.forms import CsrfOnlyForm


class ResubmitForm(CsrfOnlyForm):
    """Resubmit a corrected declaration: the button is the whole form."""


class CancelForm(FlaskForm):
    summary_amended = BooleanField(
        _l("The export declaration made from the monthly summary has been amended with customs")
    )
    reason = TextAreaField(
        _l("Reason for customs"),
        validators=[
            DataRequired(_l("Please give a reason for the cancellation.")),
            Length(max=500, message=_l("At most %(max)d characters.", max=500)),
        ],
    )


class SummaryForm(FlaskForm):
    month = StringField(
        _l("Month"),
        validators=[
            DataRequired(_l("Please give a month.")),
            # Years 2000-2999: a CEB701 month of the e-commerce era (0000-01 cannot be a date).
            Regexp(r"^2\d{3}-(0[1-9]|1[0-2])$", message=_l("Write the month as YYYY-MM.")),
        ],
    )


class PortForm(FlaskForm):
    country = StringField(
        _l("Country (ISO code)"),
        validators=[
            DataRequired(_l("Please give the country.")),
            Regexp(r"^[A-Za-z]{2}$", message=_l("Write the country as its two-letter code.")),
        ],
    )
    code = StringField(
        _l("Port code (POD)"),
        validators=[
            DataRequired(_l("Please give the port code.")),
            Regexp(
                r"^[A-Za-z0-9]{3,4}$",
                message=_l("A customs port code has 3 or 4 letters or digits."),
            ),
        ],
    )
    name = StringField(_l("Port name"), validators=[Length(max=100)])
    source = StringField(
        _l("Where the code was read"),
        validators=[
            DataRequired(_l("Please say where the code comes from.")),
            Length(max=300, message=_l("At most %(max)d characters.", max=300)),
        ],
    )


class StatisticsFlagForm(FlaskForm):
    flag = RadioField(
        _l("How the lists are declared"),
        choices=[
            SelectChoice("A", _l("A: simplified statistics (汇总统计), no summary declaration")),
            SelectChoice(
                "B", _l("B: summarised into export declarations (汇总申报), for the VAT refund")
            ),
        ],
        validators=[DataRequired(_l("Choose A or B."))],
    )
