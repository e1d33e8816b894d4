"""The console's own forms (every one carries a CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

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
