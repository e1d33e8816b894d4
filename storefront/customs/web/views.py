"""Operator pages: declarations with filters, one declaration with XML and receipts, actions.

Views parse, call a customs service, commit once, redirect. Only operators get in.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from lxml import etree
from sqlalchemy import select

from catalog.base import utcnow
from catalog.models import Producer
from storefront.accounts.models import UserRole
from storefront.admin.access import role_required
from storefront.customs.adapter import customs_adapter
from storefront.customs.declarations.models import CustomsDeclaration, DeclarationStatus
from storefront.customs.declarations.operations import (
    OperationRefused,
    cancel,
    may_cancel,
    may_resubmit,
    resubmit,
)
from storefront.customs.declarations.queries import (
    ATTENTION,
    DeclarationFilter,
    attention_count,
    count_declarations,
    list_declarations,
    sub_order_declarations,
)
from storefront.customs.declarations.summaries import MonthNotClosed, declare_monthly_summaries
from storefront.customs.messages.codes import describe_return_status
from storefront.customs.messages.exceptions import CustomsError, UnknownCodeError
from storefront.customs.web import labels
from storefront.customs.web.forms import CancelForm, ResubmitForm, SummaryForm
from storefront.extensions import db
from storefront.forms import MAX_ROW_ID, whole_number
from storefront.orders.actors import Actor
from storefront.shipping.carriers.booking import waybill_of
from storefront.shipping.carriers.tracking import tracking_events_by_sub_order

bp = Blueprint(
    "customs_admin",
    __name__,
    url_prefix="/<locale:locale>/admin/customs",
    template_folder="templates",
)


@bp.record_once
def _register_template_globals(state) -> None:
    state.app.jinja_env.globals["customs_labels"] = labels


def _actor() -> Actor:
    return Actor(f"operator:{current_user.id}", current_user.id)


FILTER_YEARS = (2000, 2999)  # dates outside can name no declaration (and overflow a day later)


def _unanswered_cutoff() -> datetime:
    minutes = customs_adapter(current_app).settings.unanswered_after_minutes
    return utcnow() - timedelta(minutes=minutes)


def _parse_filter() -> tuple[DeclarationFilter, list[str]]:
    errors: list[str] = []
    status_text = request.args.get("status", "").strip()
    status, attention = None, False
    if status_text == ATTENTION:
        attention = True
    elif status_text:
        try:
            status = DeclarationStatus(status_text)
        except ValueError:
            errors.append(_("Unknown status: showing every status."))
    producer_text = request.args.get("producer", "").strip()
    producer_id = whole_number(producer_text, maximum=MAX_ROW_ID)
    if producer_text and producer_id is None:
        errors.append(_("Unknown producer: showing every producer."))
    dates: dict[str, date | None] = {}
    for name in ("from", "to"):
        text = request.args.get(name, "").strip()[:40]
        dates[name] = None
        if text:
            try:
                dates[name] = date.fromisoformat(text)
            except ValueError:
                errors.append(_("Dates are written YYYY-MM-DD: %(value)s was ignored.", value=text))
            else:
                if not FILTER_YEARS[0] <= dates[name].year <= FILTER_YEARS[1]:
                    dates[name] = None
                    errors.append(
                        _(
                            "Dates from %(first)d to %(last)d only: %(value)s was ignored.",
                            first=FILTER_YEARS[0],
                            last=FILTER_YEARS[1],
                            value=text,
                        )
                    )
    wanted = DeclarationFilter(
        status=status,
        attention=attention,
        unanswered_before=_unanswered_cutoff(),
        producer_id=producer_id,
        created_from=dates["from"],
        created_to=dates["to"],
    )
    return wanted, errors


@bp.get("/")
@role_required(UserRole.OPERATOR)
def declaration_list():
    wanted, errors = _parse_filter()
    for error in errors:
        flash(error, "error")
    producers = db.session.scalars(
        select(Producer)
        .where(Producer.id.in_(select(CustomsDeclaration.producer_id).distinct()))
        .order_by(Producer.code)
    ).all()
    return render_template(
        "customs/declaration_list.html",
        declarations=list_declarations(db.session, wanted),
        total=count_declarations(db.session, wanted),
        attention_total=attention_count(db.session, _unanswered_cutoff()),
        unanswered_cutoff=_unanswered_cutoff(),
        receipt_meaning=_receipt_meaning,
        producers=producers,
        wanted=wanted,
        args=request.args,
        statuses=list(DeclarationStatus),
        summary_form=SummaryForm(),
    )


def _declaration(declaration_id: int) -> CustomsDeclaration:
    declaration = db.session.get(CustomsDeclaration, declaration_id)
    if declaration is None:
        abort(404)
    return declaration


def indented_xml(payload: str | None) -> str | None:
    """The message laid out for reading (the file sent stays byte for byte as stored)."""
    if not payload:
        return None
    parser = etree.XMLParser(
        remove_blank_text=True, resolve_entities=False, no_network=True, load_dtd=False
    )
    try:
        root = etree.fromstring(payload.encode("utf-8"), parser)
    except etree.XMLSyntaxError:
        return payload
    return etree.tostring(root, pretty_print=True, encoding="unicode")


def _receipt_meaning(code: int) -> str:
    try:
        return str(labels.RETURN_STATUSES[describe_return_status(code).key])
    except (UnknownCodeError, KeyError):
        return _("Unknown status")


def _detail_page(declaration: CustomsDeclaration, cancel_form: CancelForm | None = None):
    parcel = declaration.sub_order_id
    return render_template(
        "customs/declaration_detail.html",
        declaration=declaration,
        waybill=waybill_of(db.session, parcel) if parcel else None,
        tracking=tracking_events_by_sub_order(db.session, [parcel]).get(parcel, [])
        if parcel
        else [],
        siblings=sub_order_declarations(db.session, declaration),
        receipt_meaning=_receipt_meaning,
        payload=indented_xml(declaration.payload),
        can_resubmit=may_resubmit(declaration),
        can_cancel=may_cancel(declaration),
        resubmit_form=ResubmitForm(),
        cancel_form=cancel_form or CancelForm(reason=declaration.cancel_reason or None),
    )


@bp.get("/<int:declaration_id>")
@role_required(UserRole.OPERATOR)
def declaration_detail(declaration_id: int):
    return _detail_page(_declaration(declaration_id))


@bp.post("/<int:declaration_id>/resubmit")
@role_required(UserRole.OPERATOR)
def resubmit_declaration(declaration_id: int):
    declaration = _declaration(declaration_id)
    if not ResubmitForm().validate_on_submit():
        abort(400)
    try:
        rows = resubmit(
            db.session,
            customs_adapter(current_app).outbox,
            declaration,
            actor=_actor(),
        )
    except OperationRefused as refused:
        db.session.rollback()
        flash(str(labels.REFUSALS.get(refused.reason, refused.reason)), "error")
        return redirect(url_for(".declaration_detail", declaration_id=declaration_id))
    db.session.commit()
    if any(row.status is DeclarationStatus.BLOCKED for row in rows):
        flash(_("Resubmitted, but data is still missing: see the reasons."), "error")
    else:
        flash(_("Resubmitted: the corrected declaration is in the outbox."), "success")
    return redirect(url_for(".declaration_detail", declaration_id=rows[-1].id))


@bp.post("/<int:declaration_id>/cancel")
@role_required(UserRole.OPERATOR)
def cancel_declaration(declaration_id: int):
    declaration = _declaration(declaration_id)
    form = CancelForm()
    if not form.validate_on_submit():
        return _detail_page(declaration, form), 400  # the reason typed so far stays
    try:
        row = cancel(
            db.session,
            customs_adapter(current_app).outbox,
            declaration,
            reason=form.reason.data or "",
            actor=_actor(),
            summary_amended=bool(form.summary_amended.data),
        )
    except OperationRefused as refused:
        db.session.rollback()
        flash(str(labels.REFUSALS.get(refused.reason, refused.reason)), "error")
        return redirect(url_for(".declaration_detail", declaration_id=declaration_id))
    db.session.commit()
    if row.id == declaration_id:
        flash(_("Cancelled: this declaration will not be sent."), "success")
    else:
        flash(_("Cancellation requested from customs (CEB605)."), "success")
    return redirect(url_for(".declaration_detail", declaration_id=row.id))


@bp.post("/summaries")
@role_required(UserRole.OPERATOR)
def request_summary():
    form = SummaryForm()
    if not form.validate_on_submit():
        for error in form.month.errors:
            flash(str(error), "error")
        # The typed month comes back into the form, unless it is too long to be one.
        typed = form.month.data or ""
        return redirect(url_for(".declaration_list", month=typed if len(typed) <= 20 else ""))
    try:
        rows = declare_monthly_summaries(
            db.session, customs_adapter(current_app).outbox, form.month.data, actor=_actor()
        )
    except MonthNotClosed as error:
        db.session.rollback()
        flash(
            _(
                "%(month)s is not over yet: a monthly summary covers a closed month, from the "
                "1st of the next month (and by its 15th).",
                month=error.month,
            ),
            "error",
        )
        return redirect(url_for(".declaration_list"))
    except CustomsError as error:
        db.session.rollback()
        flash(_("The summary could not be built: %(reason)s", reason=str(error)), "error")
        return redirect(url_for(".declaration_list"))
    db.session.commit()
    if rows:
        flash(
            ngettext(
                "%(num)d monthly summary queued for %(month)s.",
                "%(num)d monthly summaries queued for %(month)s.",
                len(rows),
                month=form.month.data,
            ),
            "success",
        )
    else:
        flash(
            _("Nothing to summarise for %(month)s: no new released lists.", month=form.month.data),
            "info",
        )
    return redirect(url_for(".declaration_list", status=""))
