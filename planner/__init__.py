"""MoU Planner: turns memoranda of understanding into scheduled, costed plans."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask, g, render_template
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

ROOT = Path(__file__).resolve().parent.parent


class PlannerApp(Flask):
    """Flask, with every view run inside the request's one unit of work
    (`planner.unit_of_work`): the view's operations flush, this commits once, a stale write
    becomes the conflict answer, and any error rolls everything back."""

    def dispatch_request(self):
        from planner.unit_of_work import unit_of_work

        with unit_of_work():
            return super().dispatch_request()


def create_app(config_object: object | str = "config.Config") -> Flask:
    """Build the application: extensions, blueprints, commands, security headers, error pages."""
    app = PlannerApp(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
        instance_relative_config=False,
    )
    app.config.from_object(config_object)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)  # the default SQLite file lives there
    if not app.config.get("SECRET_KEY"):
        from config import _secret_key

        app.config["SECRET_KEY"] = _secret_key()
    from planner import logging_filters

    logging_filters.install()
    _init_extensions(app)
    from planner import routing

    routing.init_app(app)  # before the blueprints: their rules bind the converter when added
    _register_blueprints(app)
    _register_commands(app)
    _register_request_hooks(app)
    _register_error_pages(app)
    from planner import proxies, templating

    templating.init_app(app)
    proxies.init_app(app)
    return app


def _init_extensions(app: Flask) -> None:
    import planner.models  # noqa: F401  (registers every model on the metadata)
    from planner.extensions import babel, csrf, db, login_manager, migrate
    from planner.i18n import select_locale
    from planner.timezones import viewer_zone

    db.init_app(app)
    from planner import unit_of_work
    from planner.search import indexing
    from planner.search.models import schema_object_is_ours

    migrate.init_app(
        app,
        db,
        directory=str(ROOT / "migrations"),
        render_as_batch=True,
        compare_type=True,
        include_object=schema_object_is_ours,
    )
    indexing.init_app(app)
    unit_of_work.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=lambda: viewer_zone().key)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to open this page.")


def _register_blueprints(app: Flask) -> None:
    from planner.accounts.admin import bp as admin_bp
    from planner.accounts.views import bp as accounts_bp
    from planner.agreements.views import bp as agreements_bp
    from planner.audit.views import bp as audit_bp
    from planner.dashboard import bp as dashboard_bp
    from planner.documents.views import bp as documents_bp
    from planner.loans.views import bp as loans_bp
    from planner.maps.views import bp as maps_bp
    from planner.notifications import raising
    from planner.notifications.views import bp as notifications_bp
    from planner.plans import operations as plan_operations
    from planner.plans.views import bp as plans_bp
    from planner.reports.views import bp as reports_bp
    from planner.schedule.views import bp as schedule_bp
    from planner.search.views import bp as search_bp
    from planner.tasks import operations as task_operations
    from planner.tasks.views import bp as tasks_bp

    for blueprint in (
        dashboard_bp,
        accounts_bp,
        agreements_bp,
        plans_bp,
        schedule_bp,
        maps_bp,
        audit_bp,
        admin_bp,
        search_bp,
        loans_bp,
        tasks_bp,
        reports_bp,
    ):
        app.register_blueprint(blueprint)
    app.register_blueprint(documents_bp)
    app.register_blueprint(notifications_bp)
    from planner.loans import operations as loan_operations

    loan_operations.connect()  # before the notices: a new loan is flushed before they are raised
    raising.connect()
    plan_operations.connect()
    task_operations.connect()
    from planner.loans import reports as loan_reports

    loan_reports.connect()  # the project agreement's loan annex, "for information" part
    from planner import api

    api.init_app(app)


def _register_commands(app: Flask) -> None:
    from planner.cli import register

    register(app)


def _register_request_hooks(app: Flask) -> None:
    @app.before_request
    def remember_locale_and_nonce() -> None:
        g.locale = str(get_locale())
        g.csp_nonce = secrets.token_urlsafe(16)

    @app.before_request
    def observers_read_reports_only():
        """An observer opens its reports and the agreements behind them, and nothing else."""
        from flask import abort, redirect, request, url_for
        from flask_login import current_user

        from planner.accounts.permissions import observer_may_open

        if not current_user.is_authenticated or current_user.role != "observer":
            return None
        if request.endpoint == "dashboard.index":
            return redirect(url_for("reports.index"))
        if not observer_may_open(request.endpoint):
            abort(403)
        return None

    @app.after_request
    def security_headers(response):
        nonce = getattr(g, "csp_nonce", "")
        tile_host = app.config.get("TILE_URL", "").split("/{", 1)[0]
        tile_origin = "/".join(tile_host.split("/")[:3]) if tile_host.startswith("http") else ""
        response.headers.setdefault(
            "Content-Security-Policy",
            "; ".join(
                [
                    "default-src 'self'",
                    f"script-src 'self' 'nonce-{nonce}'",
                    f"style-src 'self' 'nonce-{nonce}'",  # folium's <style> blocks carry the nonce
                    f"img-src 'self' data: {tile_origin}".strip(),
                    "object-src 'none'",
                    "base-uri 'self'",
                    "form-action 'self'",
                    "frame-ancestors 'none'",
                ]
            ),
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if response.mimetype == "text/html":
            response.headers.setdefault("Cache-Control", "no-store")
            response.vary.add("Cookie")
        return response


def _register_error_pages(app: Flask) -> None:
    from sqlalchemy.exc import OperationalError
    from werkzeug.exceptions import InternalServerError, ServiceUnavailable

    from planner import errors
    from planner.api.auth import is_api_request
    from planner.api.errors import api_answer, error_response

    errors.init_app(app, api_answer)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if is_api_request():
            return error_response(error)
        return render_template("errors/error.html", error=error), error.code

    @app.errorhandler(OperationalError)
    def database_unavailable(error):
        app.logger.error("database error: %s", error.__class__.__name__)
        if is_api_request():
            return error_response(ServiceUnavailable())
        return render_template("errors/error.html", error=None, code=503), 503

    @app.errorhandler(Exception)
    def server_error(error):
        app.logger.exception("unhandled error")
        if is_api_request():
            return error_response(InternalServerError())
        return render_template("errors/error.html", error=None, code=500), 500
