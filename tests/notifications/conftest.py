"""A real SMTP server (aiosmtpd) on a loopback port, and the app pointed at it."""

from __future__ import annotations

import socket

import pytest
from aiosmtpd.controller import Controller


class Mailbox:
    """Keeps every message the server accepted, as the raw bytes that arrived."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append((list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def smtp_port():
    return free_port()


@pytest.fixture()
def mailbox(smtp_port):
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture()
def mail_config(app, smtp_port):
    """MAIL_SERVER set for one test (the suite's default is none: nothing is queued or sent)."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_port, MAIL_DEFAULT_SENDER="planner@planner.test")
    try:
        yield app.config
    finally:
        app.config.update(MAIL_SERVER="", MAIL_PORT=25)
