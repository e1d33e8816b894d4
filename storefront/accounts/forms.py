"""Account forms (labels are lazy: translated when rendered)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from storefront.accounts.services import MIN_PASSWORD_LENGTH
from storefront.forms import strip


class LoginForm(FlaskForm):
    # No Email() format check on sign-in: it refuses the demo accounts' reserved ".test" domain,
    # and an unknown address simply does not match an account.
    email = EmailField(
        _l("E-mail address"),
        filters=[strip],
        render_kw={"dir": "ltr"},
        validators=[DataRequired()],
    )
    password = PasswordField(_l("Password"), validators=[DataRequired()])


class RegistrationForm(FlaskForm):
    full_name = StringField(_l("Full name"), validators=[Length(max=200)])
    email = EmailField(
        _l("E-mail address"),
        filters=[strip],
        render_kw={"dir": "ltr"},
        validators=[DataRequired(), Email(), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)]
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )


class PasswordResetRequestForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        filters=[strip],
        render_kw={"dir": "ltr"},
        validators=[DataRequired(), Email()],
    )


class PasswordResetForm(FlaskForm):
    password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)]
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )


class PasswordChangeForm(PasswordResetForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()])


class OrderLookupForm(FlaskForm):
    number = StringField(
        _l("Order number"),
        filters=[strip],
        render_kw={"dir": "ltr"},
        validators=[DataRequired(), Length(max=24)],
    )
    email = EmailField(
        _l("E-mail address used for the order"),
        filters=[strip],
        render_kw={"dir": "ltr"},
        validators=[DataRequired(), Email()],
    )
