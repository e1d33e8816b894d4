"""The showroom counter (``/<locale>/showroom/``), for showroom staff only.

Enter or scan the pickup code -> the order, the buyer's name and masked ID -> type the last six
characters of the ID card -> hand over. Look-ups and hand-overs are rate limited per staff
member and per address (Flask-Limiter, the shop's shared store) and audited (``counter``).
"""

from __future__ import annotations

from flask import current_app, render_template
from flask_login import current_user

from storefront.accounts.models import UserRole
from storefront.admin.access import role_required
from storefront.bonded import vault_of
from storefront.bonded.counter import Clerk, CounterResult, hand_over, look_up
from storefront.bonded.forms import CounterCodeForm, HandOverForm
from storefront.bonded.labels import COUNTER_OUTCOMES, format_local
from storefront.bonded.web import counter_bp
from storefront.extensions import db, limiter
from storefront.i18n import current_locale
from storefront.pickup.codes import display_code, normalise_code
from storefront.pickup.counter_log import CounterOutcome
from storefront.rate_limits import address_key


def _counter_limit() -> str:
    return current_app.config["PICKUP_COUNTER_RATE_LIMIT"]


def staff_key() -> str:
    """Per staff member, from every address together (a stolen session guesses no faster)."""
    user_id = current_user.get_id() if current_user.is_authenticated else "anonymous"
    return "counter-staff:" + str(user_id).split(":", 1)[0]


def _clerk() -> Clerk:
    return Clerk(user_id=current_user.id, address=address_key().removeprefix("address:"))


def _render(code_form: CounterCodeForm, result: CounterResult | None = None, **extra):
    status = 200
    if result is not None and result.outcome not in (
        CounterOutcome.FOUND,
        CounterOutcome.HANDED_OVER,
    ):
        status = 404 if result.outcome is CounterOutcome.UNKNOWN_CODE else 409
    return (
        render_template(
            "bonded/counter.html",
            code_form=code_form,
            result=result,
            message=COUNTER_OUTCOMES.get(result.outcome) if result else None,
            format_local=format_local,
            locale=current_locale(),
            **extra,
        ),
        status,
    )


@counter_bp.get("/")
@role_required(UserRole.SHOWROOM_STAFF)
def counter():
    return _render(CounterCodeForm())


@counter_bp.post("/look-up")
@limiter.limit(_counter_limit, key_func=staff_key)
@limiter.limit(_counter_limit, key_func=address_key)
@role_required(UserRole.SHOWROOM_STAFF)
def counter_look_up():
    form = CounterCodeForm()
    if not form.validate_on_submit():
        return _render(form), 422
    result = look_up(db.session, form.code.data, _clerk())
    db.session.commit()
    if not result.found:
        form.code.errors.append(str(COUNTER_OUTCOMES[result.outcome]))
        return _render(form, result)
    code = normalise_code(form.code.data) or ""
    return _render(
        CounterCodeForm(formdata=None), result, hand_over_form=HandOverForm(code=code),
        shown_code=display_code(code),
    )  # fmt: skip


@counter_bp.post("/hand-over")
@limiter.limit(_counter_limit, key_func=staff_key)
@limiter.limit(_counter_limit, key_func=address_key)
@role_required(UserRole.SHOWROOM_STAFF)
def counter_hand_over():
    form = HandOverForm()
    if not form.validate_on_submit():
        found = look_up(db.session, form.code.data, _clerk()) if form.code.data else None
        db.session.commit()
        if found is not None and found.found:
            code = normalise_code(form.code.data) or ""
            return _render(
                CounterCodeForm(formdata=None), found, hand_over_form=form,
                shown_code=display_code(code),
            )[0], 422  # fmt: skip
        return _render(CounterCodeForm(formdata=None))[0], 422
    result = hand_over(
        db.session, form.code.data, form.last_six.data, _clerk(), vault=vault_of(current_app)
    )
    db.session.commit()
    if result.outcome is CounterOutcome.ID_MISMATCH:
        form.last_six.errors.append(str(COUNTER_OUTCOMES[result.outcome]))
        code = normalise_code(form.code.data) or ""
        return _render(
            CounterCodeForm(formdata=None),
            CounterResult(CounterOutcome.FOUND, result.order),
            hand_over_form=form,
            shown_code=display_code(code),
        )[0], 409
    if result.outcome is CounterOutcome.HANDED_OVER:
        return _render(CounterCodeForm(formdata=None), result, handed_over=True)
    code_form = CounterCodeForm(formdata=None)
    code_form.code.errors.append(str(COUNTER_OUTCOMES[result.outcome]))
    return _render(code_form, result)
