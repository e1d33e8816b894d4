"""Operator forms: every one carries a CSRF token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Regexp

from storefront.forms import CsrfOnlyForm


class ResubmitForm(CsrfOnlyForm):
    """Resubmit a corrected declaration: the button is the whole form."""


class CancelForm(FlaskForm):
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
