"""The operator's page of one producer: facts, decision, credit record, negative list,
complaints, members and history. Both producer view modules render it (a refused form is shown
again with its messages at the fields and what was typed)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from flask import render_template
from flask_babel import format_number, format_percent
from flask_wtf import FlaskForm

from catalog.models import Producer
from catalog.negative_list import entries_of
from catalog.producers import status_history
from storefront.accounts.memberships import members_of
from storefront.admin.complaints import complaints_of
from storefront.admin.credit import HANDLING_HOURS, credit_records
from storefront.admin.forms import ComplaintForm, NegativeListForm
from storefront.coop.forms import ReasonForm
from storefront.coop.labels import PRODUCER_STATUSES
from storefront.extensions import db
from storefront.forms import CsrfOnlyForm


def _percent(rate: Fraction) -> str:
    return format_percent(Decimal(rate.numerator) / Decimal(rate.denominator), "#,##0.#%")


def render_producer_page(
    producer: Producer,
    status: int = 200,
    *,
    complaint_form: FlaskForm | None = None,
    negative_form: FlaskForm | None = None,
    reason_form: FlaskForm | None = None,
):
    return (
        render_template(
            "admin/producer_detail.html",
            producer=producer,
            members=members_of(db.session, producer.id),
            history=status_history(db.session, producer.id),
            status_labels=PRODUCER_STATUSES,
            reason_form=reason_form or ReasonForm(),
            button=CsrfOnlyForm(),
            credit=credit_records(db.session, [producer.id])[producer.id],
            handling_hours=HANDLING_HOURS,
            complaints=complaints_of(db.session, producer.id),
            negative_entries=entries_of(db.session, producer.id),
            complaint_form=complaint_form or ComplaintForm(prefix="complaint"),
            negative_form=negative_form or NegativeListForm(prefix="negative"),
            number=format_number,
            percent=_percent,
        ),
        status,
    )
