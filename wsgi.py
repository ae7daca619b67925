"""Entry point for `flask --app wsgi` and gunicorn (`gunicorn wsgi:app`).

PLANNER_CONFIG picks the configuration class: `config.ProductionConfig` behind HTTPS
(Secure cookies), `config.Config` by default."""

import os

from planner import create_app

app = create_app(os.environ.get("PLANNER_CONFIG", "config.Config"))
