"""A bare Flask app, the yardstick of ``storefront_load.py``: the same gunicorn, no project code.

``/healthz`` answers a small JSON document, as the shop's does; ``/page`` renders a small
template, so the ratio of a shop page to it shows what the shop's own work costs.
"""

from __future__ import annotations

from flask import Flask, jsonify, render_template_string

app = Flask(__name__)

_PAGE = """<!doctype html><html lang="en"><head><title>{{ title }}</title></head>
<body><h1>{{ title }}</h1><ul>{% for n in items %}<li>{{ n }}</li>{% endfor %}</ul></body></html>"""


@app.get("/healthz")
def healthz():
    return jsonify(status="ok")


@app.get("/page")
def page():
    return render_template_string(_PAGE, title="Bare Flask", items=range(24))
