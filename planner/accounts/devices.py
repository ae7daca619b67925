"""Device cookies (OWASP): a signed cookie, renewed at each successful log-in, that tells the
log-in throttle this browser has logged in as that username before. It holds one random nonce
per username (the last few who logged in here), signed with the SECRET_KEY, so it cannot be made
up or moved to another username."""

from __future__ import annotations

import secrets

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

COOKIE = "planner_device"
MAX_AGE = 365 * 24 * 3600
MAX_USERNAMES = 5


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="login-device")


def _folded(username: str) -> str:
    return username.strip().lower()[:64]


def known_devices() -> dict[str, str]:
    """username → nonce from this browser's device cookie; empty if absent or not ours."""
    raw = request.cookies.get(COOKIE)
    if not raw or len(raw) > 2000:
        return {}
    try:
        devices = _serializer().loads(raw)
    except BadSignature:
        return {}
    return devices if isinstance(devices, dict) else {}


def device_for(username: str) -> str | None:
    """The nonce this browser holds for `username`, if it logged in as them before."""
    nonce = known_devices().get(_folded(username))
    return nonce if isinstance(nonce, str) else None


def remember(response, username: str):
    """Set (renew) this browser's device cookie for `username` on `response`."""
    devices = {name: nonce for name, nonce in known_devices().items() if name != _folded(username)}
    devices[_folded(username)] = secrets.token_urlsafe(16)
    kept = dict(list(devices.items())[-MAX_USERNAMES:])
    response.set_cookie(
        COOKIE,
        _serializer().dumps(kept),
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
    )
    return response
