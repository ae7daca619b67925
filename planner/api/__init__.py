"""The JSON API under /api/v1, for partners' own systems: the same models and authorization
as the pages, bearer API tokens, and an OpenAPI 3.1 description generated from the schemas
(flask-smorest with marshmallow) at /api/v1/openapi.json, read by people at /api-reference."""

from __future__ import annotations

from apispec.ext.marshmallow import MarshmallowPlugin, resolver
from flask import Flask
from flask_smorest import Api

from planner.api.schemas import ErrorSchema


class PlannerApi(Api):
    """flask-smorest's Api with the app's own error shape, documented as the default answer."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        """The app's error handler answers API paths (see `planner.api.errors`), so that routing
        errors (404, 405) outside any blueprint get the same shape too."""


def schema_name(schema) -> str:
    """`Plan` for PlanSchema, `PlanChange` for the partial one a PATCH takes."""
    return resolver(schema) + ("Change" if getattr(schema, "partial", False) is True else "")


api = PlannerApi(
    spec_kwargs={
        "marshmallow_plugin": MarshmallowPlugin(schema_name_resolver=schema_name),
        "security": [{"bearerAuth": []}],
        "info": {
            "description": "MoU Planner's data for partners' own systems. Send an API token (made on your "
            "account page) as `Authorization: Bearer <token>`. Lists are paginated "
            "(`page`, `per_page` up to 100). Changes may send `If-Match` with the ETag "
            "last read; a stale one answers 412."
        },
    }
)


def init_app(app: Flask) -> None:
    from planner.api import agreements, documents, events, institutions, loans, plans, reference, reports, tasks
    from planner.api.auth import user_from_bearer_token
    from planner.extensions import csrf, login_manager

    api.init_app(app)
    from flask_smorest.arguments import ArgumentsMixin

    from planner.api.errors import date_arguments_are_bad_requests

    ArgumentsMixin.ARGUMENTS_PARSER.error_handler(date_arguments_are_bad_requests)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    login_manager.request_loader(user_from_bearer_token)
    for module in (institutions, agreements, plans, events, documents, loans, tasks, reports):
        csrf.exempt(module.blp)  # bearer tokens are not sent by browsers on their own
        api.register_blueprint(module.blp)
    app.register_blueprint(reference.bp)
