"""The API reference page: the OpenAPI description rendered as a readable page, in the
reader's language for everything but the API's own names; no script, no other host."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import gettext as _

from planner.api.reference_texts import prose

bp = Blueprint("api_reference", __name__)
METHODS = ("get", "post", "patch", "put", "delete")


def operations_by_tag(spec: dict) -> list[tuple[dict, list[dict]]]:
    """Each tag of the description with its operations, in the order the paths were declared."""
    tags = [dict(tag) for tag in spec.get("tags", [])]
    grouped: dict[str, list[dict]] = {tag["name"]: [] for tag in tags}
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                operation = {
                    **item[method],
                    "method": method.upper(),
                    "path": path,
                    "parameters": item.get("parameters", []) + item[method].get("parameters", []),
                    "responses": dict(
                        sorted(
                            item[method].get("responses", {}).items(),
                            key=lambda answer: (answer[0] == "default", answer[0]),
                        )
                    ),
                }
                for tag in operation.get("tags", ["default"]):
                    grouped.setdefault(tag, []).append(operation)
    known = {tag["name"] for tag in tags}
    tags += [{"name": name} for name in grouped if name not in known]
    return [(tag, grouped[tag["name"]]) for tag in tags if grouped[tag["name"]]]


def type_label(schema: dict | None) -> str:
    """A short reading of a JSON Schema: `Plan`, `[integer]`, `string | null`, `one of: a, b`."""
    if not schema:
        return ""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(type_label(option) for option in schema["anyOf"])
    if "enum" in schema:
        return _("one of: %(values)s", values=", ".join(str(value) for value in schema["enum"] if value is not None))
    kinds = schema.get("type", "")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    labels = [
        f"[{type_label(schema.get('items'))}]"
        if kind == "array"
        else f"{kind} ({schema['format']})"
        if kind != "null" and schema.get("format")
        else kind
        for kind in kinds
    ]
    return " | ".join(label for label in labels if label)


@bp.route("/api-reference")
def reference():
    from planner.api import api

    spec = api.spec.to_dict()
    return render_template(
        "api/reference.html",
        spec=spec,
        groups=operations_by_tag(spec),
        schemas=spec.get("components", {}).get("schemas", {}),
        type_label=type_label,
        prose=prose,
    )
