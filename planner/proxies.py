"""Behind a load balancer: trust PROXY_HOPS proxies (0, the default: none) for the client's
address and scheme, through werkzeug's ProxyFix. With one balancer in front, PROXY_HOPS=1 makes
`request.remote_addr` the client's (so log-in throttling counts each client, not the balancer)
and `request.is_secure` true behind a TLS-terminating balancer. Never set it higher than the
proxies really in front: a client could then choose its own address with X-Forwarded-For."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


class TrustedProxies:
    """ProxyFix with the hop count read from the configuration at each request (tests and
    operators change PROXY_HOPS without rebuilding the middleware chain)."""

    def __init__(self, app: Flask, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app

    def __call__(self, environ, start_response):
        hops = int(self.app.config.get("PROXY_HOPS") or 0)
        if hops <= 0:
            return self.wsgi_app(environ, start_response)
        return ProxyFix(self.wsgi_app, x_for=hops, x_proto=hops, x_host=0)(environ, start_response)


def init_app(app: Flask) -> None:
    app.wsgi_app = TrustedProxies(app, app.wsgi_app)
