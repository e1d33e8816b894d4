"""CSV export and import of packs and stock: upload, preview with per-row problems, confirm."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from catalog.listings.problems import ListingRefused
from storefront.coop.access import Permission, current_member, portal_page
from storefront.coop.blueprint import bp
from storefront.coop.csv_io import MAX_BYTES, apply_import, decode, export_csv, plan_import
from storefront.coop.forms import CsvConfirmForm, CsvUploadForm
from storefront.coop.labels import PROBLEMS, problem_texts
from storefront.coop.views.common import flash_refused
from storefront.extensions import db


@bp.get("/csv/")
@portal_page()
def csv_page():
    return render_template("coop/csv.html", form=CsvUploadForm())


@bp.get("/csv/packs.csv")
@portal_page()
def csv_export():
    member = current_member()
    body = export_csv(db.session, member.producer_id)
    return Response(
        body.encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="packs.csv"'},
    )


@bp.post("/csv/preview")
@portal_page(Permission.ACT)
def csv_preview():
    member = current_member()
    form = CsvUploadForm()
    if not form.validate_on_submit():
        flash(_("Choose a CSV file to upload."), "error")
        return render_template("coop/csv.html", form=form), 400
    data = form.file.data.read(MAX_BYTES + 1)
    text = decode(data) if len(data) <= MAX_BYTES else None
    if text is None:
        key = "csv_too_large" if len(data) > MAX_BYTES else "csv_encoding"
        flash(str(PROBLEMS[key]), "error")
        return render_template("coop/csv.html", form=CsvUploadForm()), 400
    plan = plan_import(db.session, member.producer_id, text)
    confirm = CsvConfirmForm(formdata=None, content=text)
    return render_template(
        "coop/csv_preview.html",
        plan=plan,
        file_problems=problem_texts(plan.problems),
        row_problems={row.line: problem_texts(row.problems) for row in plan.rows},
        confirm=confirm,
    ), (200 if plan.is_valid else 422)


@bp.post("/csv/import")
@portal_page(Permission.ACT)
def csv_import():
    member = current_member()
    form = CsvConfirmForm()
    if not form.validate_on_submit():
        flash(_("Upload the file again, please."), "error")
        return redirect(url_for("coop.csv_page"), 303)
    try:
        plan = apply_import(
            db.session, member.producer_id, form.content.data, actor_user_id=member.user_id
        )
    except ListingRefused as refused:
        db.session.rollback()
        flash(
            _("Nothing was imported: correct the rows listed and upload the file again."), "error"
        )
        flash_refused(refused)
        return redirect(url_for("coop.csv_page"), 303)
    db.session.commit()
    flash(
        _("Imported: %(count)s rows.", count=len(plan.rows)),
        "success",
    )
    return redirect(url_for("coop.stock_list"), 303)
