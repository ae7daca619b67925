"""Entry point for `flask --app wsgi` and gunicorn (`gunicorn wsgi:app`)."""
from planner import create_app

app = create_app()
