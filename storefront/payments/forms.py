"""The sandbox provider's payment page form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField


class SandboxDecisionForm(FlaskForm):
    """Pay or decline: the button pressed names the decision."""

    decision = HiddenField()
