"""Account pages: sign in and out, register, reset a password, order history, order look-up."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from catalog.locales import BABEL_IDENTIFIERS
from storefront.accounts import services
from storefront.accounts.forms import (
    LoginForm,
    OrderLookupForm,
    PasswordChangeForm,
    PasswordResetForm,
    PasswordResetRequestForm,
    RegistrationForm,
)
from storefront.accounts.models import User, UserRole, parse_session_id
from storefront.accounts.tokens import make_reset_token, user_for_reset_token
from storefront.checkout.cart import DatabaseCartStorage, SessionCartStorage, merge_guest_cart
from storefront.extensions import db, limiter, login_manager
from storefront.i18n import current_locale
from storefront.mail import send_mail
from storefront.orders.access import GUEST_ORDERS_KEY, allow_guest_order
from storefront.orders.services import find_guest_order, orders_of_user
from storefront.rate_limits import account_key, address_key
from storefront.security import safe_redirect_path

bp = Blueprint(
    "account", __name__, url_prefix="/<locale:locale>/account", template_folder="templates"
)


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The signed-in user, if the session's generation is still the account's current one."""
    parsed = parse_session_id(session_id)
    if parsed is None:
        return None
    user = db.session.get(User, parsed[0])
    if user is None or user.session_generation != parsed[1]:
        return None
    return user


def _login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_rate_limit() -> str:
    return current_app.config["ACCOUNT_RATE_LIMIT"]


def _registration_rate_limit() -> str:
    return current_app.config["REGISTRATION_RATE_LIMIT"]


def _failed(response) -> bool:
    """Only attempts that did not get through count against the account's budget."""
    return response.status_code != 302


# Kept across sign-in and sign-out: the visitor's display choices, nothing personal.
PREFERENCE_KEYS = ("display_currency", "ship_to", "hide_unshippable")


def renew_session(*, keep: tuple[str, ...]) -> None:
    """A fresh session holding only ``keep``: nothing of the previous visitor carries over."""
    kept = {key: session[key] for key in keep if key in session}
    session.clear()
    session.update(kept)


def _sign_in(user: User) -> None:
    guest_cart = SessionCartStorage(session)
    merge_guest_cart(db.session, DatabaseCartStorage(db.session, user.id), guest_cart.quantities())
    # A new session (no fixation); the proofs of guest orders made on this browser carry over.
    renew_session(keep=(*PREFERENCE_KEYS, GUEST_ORDERS_KEY))
    login_user(user)


def _landing_page(user: User) -> str:
    """Where a sign-in without ``next`` leads: cooperative members to their portal."""
    if user.role is UserRole.COOP_MEMBER:
        return url_for("coop.home")
    return url_for("account.order_history")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, key_func=address_key, methods=["POST"])
@limiter.limit(_account_rate_limit, key_func=account_key, methods=["POST"], deduct_when=_failed)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(db.session, form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(
                _("This e-mail address and password do not match an account.")
            )
        else:
            _sign_in(user)
            db.session.commit()
            flash(_("You are signed in."), "success")
            return redirect(safe_redirect_path(request.args.get("next")) or _landing_page(user))
    return render_template("account/login.html", form=form)


@bp.post("/logout")
def logout():
    """Sign out: the account's sessions end (copied cookies too) and this one is emptied."""
    if current_user.is_authenticated:
        current_user.end_sessions()
        db.session.commit()
    logout_user()
    renew_session(keep=PREFERENCE_KEYS)
    flash(_("You are signed out."), "success")
    return redirect(url_for("shop.home"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_registration_rate_limit, key_func=address_key, methods=["POST"])
def register():
    """The same answer whether or not the address has an account; the mailbox learns which."""
    form = RegistrationForm()
    if form.validate_on_submit():
        try:
            user = services.register_buyer(
                db.session,
                email=form.email.data,
                password=form.password.data,
                locale=current_locale(),
                full_name=form.full_name.data or "",
            )
        except services.EmailAlreadyRegistered:
            services.spend_a_password_hash(form.password.data)  # as long as creating one
            existing = services.find_user_by_email(db.session, form.email.data)
            if existing is not None:
                send_account_mail(existing, "account/email/already_registered.txt")
        else:
            send_account_mail(user, "account/email/welcome.txt")  # committed with the account
            db.session.commit()
        flash(
            _(
                "Thank you. We have sent a message to %(email)s: it tells you how to sign in.",
                email=form.email.data,
            ),
            "success",
        )
        return redirect(url_for("account.login"))
    return render_template("account/register.html", form=form)


def send_account_mail(user: User, template: str) -> None:
    """A message about the account, in the account's language, with the sign-in link."""
    link = url_for("account.login", locale=user.locale, _external=True)
    reset = url_for("account.password_reset_request", locale=user.locale, _external=True)
    with force_locale(BABEL_IDENTIFIERS.get(user.locale, "en")):
        subject = _("Your Chenzhou Specialties account")
        body = render_template(template, link=link, reset=reset)
    send_mail(to=user.email, subject=subject, body=body)


@bp.route("/password-reset", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, key_func=address_key, methods=["POST"])
@limiter.limit(_account_rate_limit, key_func=account_key, methods=["POST"])
def password_reset_request():
    form = PasswordResetRequestForm()
    if form.validate_on_submit():
        user = services.find_user_by_email(db.session, form.email.data)
        if user is not None and user.is_enabled:
            send_password_reset(user)
        # The same answer whether or not the address has an account.
        flash(
            _("If an account uses this address, we have sent it a link to choose a new password."),
            "success",
        )
        return redirect(url_for("account.login"))
    return render_template("account/password_reset_request.html", form=form)


def send_password_reset(user: User) -> None:
    """The reset link, in the account's language."""
    token = make_reset_token(current_app.config["SECRET_KEY"], user)
    link = url_for("account.password_reset", locale=user.locale, token=token, _external=True)
    with force_locale(BABEL_IDENTIFIERS.get(user.locale, "en")):
        subject = _("Reset your password")
        body = render_template("account/email/password_reset.txt", link=link)
    send_mail(to=user.email, subject=subject, body=body)


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
def password_reset(token: str):
    user = user_for_reset_token(db.session, current_app.config["SECRET_KEY"], token)
    if user is None:
        flash(_("This link has expired or was already used. Ask for a new one."), "error")
        return redirect(url_for("account.password_reset_request"))
    form = PasswordResetForm()
    if form.validate_on_submit():
        services.set_password(user, form.password.data)  # ends the account's sessions
        db.session.commit()
        flash(_("Your password has been changed. You can sign in now."), "success")
        return redirect(url_for("account.login"))
    return render_template("account/password_reset.html", form=form)


@bp.route("/password", methods=["GET", "POST"])
@login_required
@limiter.limit(_login_rate_limit, key_func=address_key, methods=["POST"])
def password_change():
    """A new password: every other session of the account ends, this one carries on."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if not user.check_password(form.current.data):
            form.current.errors.append(_("This is not your current password."))
        else:
            services.set_password(user, form.password.data)  # ends every session of the account
            login_user(user)  # ... and signs this one in again, with the new generation
            db.session.commit()
            flash(_("Your password has been changed. Other devices are signed out."), "success")
            return redirect(url_for("account.order_history"))
    return render_template("account/password_change.html", form=form)


@bp.get("/")
@login_required
def order_history():
    return render_template(
        "account/order_history.html", orders=orders_of_user(db.session, current_user.id)
    )


@bp.route("/orders/lookup", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, key_func=address_key, methods=["POST"])
@limiter.limit(_account_rate_limit, key_func=account_key, methods=["POST"], deduct_when=_failed)
def order_lookup():
    form = OrderLookupForm()
    if request.method == "GET" and not form.number.data:
        form.number.data = request.args.get("number", "")[:24]  # from "order not found"
    if form.validate_on_submit():
        order = find_guest_order(db.session, form.number.data, form.email.data)
        if order is None:
            form.number.errors.append(_("No order matches this number and e-mail address."))
        else:
            allow_guest_order(session, order.number)
            return redirect(url_for("orders.order_detail", number=order.number))
    return render_template("account/order_lookup.html", form=form)
