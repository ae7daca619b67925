"""Task reminders (issue #29) leave by e-mail like every reminder: one line per task, in the
reader's words and language."""

from __future__ import annotations

import email
import email.policy
from datetime import date

from tests.tasks.test_reminders import due


def test_a_task_due_today_is_mailed_once(app, demo, mail_config, mailbox):
    first = due(app, date(2026, 12, 11))
    assert first["task_due"] == 1 and "e-mail: 1 sent" in first["output"], first["output"]
    assert due(app, date(2026, 12, 11))["task_due"] == 0
    assert len(mailbox.received) == 1
    recipients, raw = mailbox.received[0]
    message = email.message_from_bytes(raw, policy=email.policy.default)
    body = message.get_body(("plain",)).get_content()
    assert len(recipients) == 1 and recipients[0].startswith("curator")
    # in the curator's language: Ganja's first document language, Azerbaijani (nobody chose one)
    assert "“Gəncə: İpək Yolu üzərində şəhər” planının “Mətbuat materiallarını və ilk ziyarətçi sayını paylaşın”" in body
