"""The real SMTP server of the notification tests, for the invitations."""

from tests.notifications.conftest import mail_config, mailbox, smtp_port  # noqa: F401
