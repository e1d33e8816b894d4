"""Reference-data tables of the console: a filter bar, rows, one row edited in place.

Every reference page (shipping rates, exchange rates, destination rules, ports, showrooms and
slots, bonded goods) has the same shape, drawn by the macros of ``admin/_tables.html``:

- a filter bar, a GET form (``FilterForm``: no CSRF token, values in the address); a value that
  does not fit is shown back with its message and leaves that filter off, never a 500;
- a table of read-only rows; ``?edit=<id>`` turns one row into a small form (its fields in the
  row's cells, told apart by the prefix ``r<id>``), and the last row adds a new one (``new``);
- a save posts that row only (``row`` names it); a refused value re-renders the page with the
  row still open, what was typed kept and the message at the field (status 422).

Views stay thin: they build the forms and the rows, and ``save_row`` validates the posted row,
calls the page's service (which flushes), commits once or rolls back and puts the message at
the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import abort, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from wtforms import Field

from storefront.extensions import db
from storefront.forms import MAX_ROW_ID

NEW_ROW = "new"
# A row is named by its id (``r12``) or, for tables keyed by a code, by the code (``rSA``).
_ROW_KEY = re.compile(r"^(new|r[A-Za-z0-9]{1,10})$")

F = TypeVar("F", bound=FlaskForm)
M = TypeVar("M")

TAKEN = _l("Another row already has these values.")


class FilterForm(FlaskForm):
    """A table's filters: read from the address (GET), no CSRF token (nothing is written)."""

    class Meta:
        csrf = False

    def active(self) -> dict[str, Any]:
        """The filters that were given and fit: field name -> parsed value."""
        return {
            name: item.data
            for name, item in self._fields.items()
            if not item.errors and item.data not in (None, "")
        }

    def query_args(self) -> dict[str, str]:
        """The active filters as typed, to carry in links (edit, cancel, after a save)."""
        active = self.active()
        return {
            name: item.raw_data[0]
            for name, item in self._fields.items()
            if name in active and item.raw_data
        }


def read_filters(form: F) -> F:
    """``form`` (choices set) filled from the address; fields that do not fit keep a message."""
    form.process(formdata=request.args)
    form.validate()
    keep_own_messages(form)
    return form


def row_key(row_id: int | str) -> str:
    return f"r{row_id}"


def row_id_of(key: str) -> int | None:
    """The id a row key names (``r12`` -> 12); None for ``new`` or anything else."""
    code = row_code_of(key)
    if code is None or not code.isdigit() or code.startswith("0"):
        return None
    number = int(code)
    return number if number <= MAX_ROW_ID else None


def row_code_of(key: str) -> str | None:
    """What a row key names (``rSA`` -> ``SA``); None for ``new`` or anything else."""
    if not _ROW_KEY.match(key) or key == NEW_ROW:
        return None
    return key[1:]


def posted_row_key(by_code: bool = False) -> str | None:
    """The row a save posts (``row``: ``new`` or ``r<id>``); None when it names none."""
    key = request.form.get("row", "")
    if key == NEW_ROW:
        return key
    named = row_code_of(key) if by_code else row_id_of(key)
    return key if named is not None else None


def posted_row(session: Any, model: type[M], *, new_allowed: bool = True) -> tuple[str, M | None]:
    """The posted row's key and the row it names (None for the new row).

    400 when the post names no row, 404 when the row does not exist (or is new where rows
    cannot be added).
    """
    key = posted_row_key()
    if key is None:
        abort(400)
    if key == NEW_ROW and new_allowed:
        return key, None
    row = session.get(model, row_id_of(key)) if key != NEW_ROW else None
    if row is None:
        abort(404)
    return key, row


def edited_row_key(param: str = "edit") -> str | None:
    """The row opened for editing by ``?edit=<id or code>``, as a row key."""
    key = row_key(request.args.get(param, ""))
    return key if row_code_of(key) is not None else None


def row_form(form_class: type[F], key: str, *, posted: bool = False, **values: Any) -> F:
    """The form of one row: fields prefixed by the row key; bound to the post only if ``posted``."""
    if posted:
        return form_class(prefix=key)
    return form_class(formdata=None, prefix=key, **values)


def refuse(form: FlaskForm, field_name: str, message: str) -> None:
    """Put ``message`` at the field (the typed value stays: the form is still bound)."""
    shown = [item for item in form if item.type not in ("CSRFTokenField", "HiddenField")]
    target: Field = form._fields.get(field_name) or shown[0]
    target.errors = [*target.errors, str(message)]


def keep_own_messages(form: FlaskForm) -> None:
    """Drop WTForms' own "Not a valid ..." texts where a validator of ours says it better."""
    for item in form:
        own = [error for error in item.errors if error not in item.process_errors]
        if own and item.process_errors:
            item.errors = own


class RowRefused(Exception):
    """A page's service refused a value: the message goes beside ``field``."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(field_name)
        self.field_name, self.message = field_name, message


def save_row(form: FlaskForm, save: Callable[[], object], first_field: str = "") -> bool:
    """Validate the posted row and save it: commit and True, or roll back, message, False.

    ``save`` calls the service (which flushes) and raises ``RowRefused`` for a value the
    service refuses; a unique constraint that fails at the flush is refused at ``first_field``.
    """
    if not form.validate_on_submit():
        keep_own_messages(form)
        return False
    try:
        save()
    except RowRefused as refused:
        db.session.rollback()
        refuse(form, refused.field_name, refused.message)
        return False
    except IntegrityError:
        db.session.rollback()
        refuse(form, first_field, str(TAKEN))
        return False
    db.session.commit()
    return True


@dataclass(frozen=True, slots=True)
class Column:
    """One column: the row form's field that edits it, its heading, how it aligns."""

    name: str
    label: str
    numeric: bool = False
    code: bool = False  # codes (ISO, HS, ...) read left to right in every language
    also: tuple[str, ...] = ()  # more fields edited in the same cell (a text per language)


@dataclass(slots=True)
class TableRow:
    """A row as the macro draws it: shown cells, or the open form that edits it."""

    key: str
    cells: Sequence[Any]
    name: str  # what the row is, for the labels of its buttons ("Edit HK 1,000 g")
    form: FlaskForm | None = None
    edit_url: str = ""
    delete_url: str = ""

    def fields(self, column: Column) -> list[Field]:
        """The open form's fields that edit ``column`` (none: the cell is shown as it is)."""
        if self.form is None:
            return []
        names = (column.name, *column.also)
        return [self.form._fields[name] for name in names if name in self.form._fields]


@dataclass(slots=True)
class EditableTable:
    """Everything the ``editable_table`` macro draws."""

    id: str
    caption: str
    columns: tuple[Column, ...]
    rows: list[TableRow]
    save_url: str
    cancel_url: str
    new_row: TableRow | None = None
    total: int = 0
    notes: Mapping[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> bool:
        forms = [row.form for row in (*self.rows, self.new_row) if row and row.form]
        return any(form.errors for form in forms)


def table_rows(
    items: Iterable[Any],
    *,
    key_of: Callable[[Any], int | str],
    cells: Callable[[Any], Sequence[Any]],
    name: Callable[[Any], str],
    editing: tuple[str, FlaskForm] | None,
    form_for: Callable[[Any, str], FlaskForm] | None,
    edit_url: Callable[[Any], str],
    delete_url: Callable[[Any], str] | None = None,
    edit_param: str = "edit",
    fetch: Callable[[str], Any] | None = None,
) -> list[TableRow]:
    """The rows of a table; the row named by ``editing`` (or ``?edit=``) gets its form.

    An open row the filters leave out (``fetch`` loads it by its key) comes first, so a refused
    value is always shown with its message.
    """
    open_key, open_form = editing if editing else (edited_row_key(edit_param), None)

    def row_of(item: Any) -> TableRow:
        item_key = key_of(item)
        key = row_key(item_key)
        form = None
        if key == open_key and form_for is not None:
            form = open_form if open_form is not None else form_for(item, key)
        return TableRow(
            key=key,
            cells=cells(item),
            name=name(item),
            form=form,
            edit_url=edit_url(item_key),
            delete_url=delete_url(item_key) if delete_url else "",
        )

    rows = [row_of(item) for item in items]
    if open_key and fetch is not None and open_key not in {row.key for row in rows}:
        missing = fetch(open_key)
        if missing is not None:
            rows.insert(0, row_of(missing))
    return rows
