"""Keep secrets out of logs: feed tokens travel in URL paths, so access-log lines are redacted."""

from __future__ import annotations

import logging
import re

FEED_TOKEN = re.compile(r"(/feeds/)[^/\s?\"]+")


def redact(text: str) -> str:
    return FEED_TOKEN.sub(r"\1[token]", text)


class RedactFeedTokens(logging.Filter):
    """Rewrites a record's message (and its arguments) with every feed token masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = redact(record.getMessage())
            record.args = ()
        else:
            record.msg = redact(str(record.msg))
        return True


def install() -> None:
    for name in ("werkzeug", "gunicorn.access", "planner"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactFeedTokens) for f in logger.filters):
            logger.addFilter(RedactFeedTokens())
