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
    PasswordResetForm,
    PasswordResetRequestForm,
    RegistrationForm,
)
from storefront.accounts.models import User
from storefront.accounts.tokens import make_reset_token, user_for_reset_token
from storefront.checkout.cart import DatabaseCartStorage, SessionCartStorage, merge_guest_cart
from storefront.extensions import db, limiter, login_manager
from storefront.i18n import current_locale
from storefront.mail import send_mail
from storefront.orders.access import allow_guest_order
from storefront.orders.services import find_guest_order, orders_of_user

bp = Blueprint(
    "account", __name__, url_prefix="/<locale:locale>/account", template_folder="templates"
)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def _login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _safe_next(target: str | None) -> str | None:
    """Only same-site paths: never redirect to another host after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def _sign_in(user: User) -> None:
    guest_cart = SessionCartStorage(session)
    merge_guest_cart(db.session, DatabaseCartStorage(db.session, user.id), guest_cart.quantities())
    guest_cart.clear()
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
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
            return redirect(
                _safe_next(request.args.get("next")) or url_for("account.order_history")
            )
    return render_template("account/login.html", form=form)


@bp.post("/logout")
def logout():
    logout_user()
    flash(_("You are signed out."), "success")
    return redirect(url_for("shop.home"))


@bp.route("/register", methods=["GET", "POST"])
def register():
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
            form.email.errors.append(
                _(
                    "An account with this e-mail address already exists. Sign in or reset your password."  # noqa: E501
                )
            )
        else:
            _sign_in(user)
            db.session.commit()
            flash(_("Welcome! Your account is ready."), "success")
            return redirect(url_for("account.order_history"))
    return render_template("account/register.html", form=form)


@bp.route("/password-reset", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
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
        services.set_password(user, form.password.data)
        db.session.commit()
        flash(_("Your password has been changed. You can sign in now."), "success")
        return redirect(url_for("account.login"))
    return render_template("account/password_reset.html", form=form)


@bp.get("/")
@login_required
def order_history():
    return render_template(
        "account/order_history.html", orders=orders_of_user(db.session, current_user.id)
    )


@bp.route("/orders/lookup", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
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
