"""A change of an agreement's parties, through the API: proposed by one party, it takes effect
with the last consent (of the current and the joining parties); then the institutions before
and after hear of it (in the inbox and by e-mail, in their language, with a link to the
agreement), the actor does not, nor does anyone who may no longer read the agreement."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.conftest import add_users_of_another_partnership, log_in
from tests.notifications.test_mail import parsed, send, silk_road, user


def bearer(session, username: str) -> dict:
    from planner.accounts.models import Token

    token, secret = Token.issue(user(session, username), "api", "tests")
    session.add(token)
    session.commit()
    return {"Authorization": f"Bearer {secret}"}


def change_parties(client, session, username: str, agreement, institution_ids: list[int]):
    return client.patch(
        f"/api/v1/agreements/{agreement.id}",
        json={"parties": [{"institution_id": i} for i in institution_ids]},
        headers=bearer(session, username),
    )


def consent(client, session, username: str, agreement, amendment_id: int):
    path = f"/api/v1/agreements/{agreement.id}/amendments/{amendment_id}/approvals"
    return client.post(path, headers=bearer(session, username))


def told(session, kind: str) -> set[str]:
    from planner.accounts.models import User
    from planner.notifications.models import Notification

    query = select(User.username).join(Notification, Notification.user_id == User.id).where(Notification.kind == kind)
    return set(session.scalars(query))


def of_kind(session, message) -> str:
    """The kind of the notification an e-mail carries (its Message-ID names the notification)."""
    from planner.notifications.models import Notification

    notification_id = int(re.search(r"notification-(\d+)@", message["Message-ID"]).group(1))
    return session.get(Notification, notification_id).kind


def test_aziret_sultan_leaves_and_tashkent_joins(app, client, demo, mail_config, mailbox):
    """Ganja's curator proposes to swap Aziret Sultan for Tashkent on the Silk Road memorandum;
    Tashkent's curator consents, then Aziret Sultan's, which applies it."""
    from planner.agreements.models import Institution
    from planner.i18n import pick_text

    tashkent = add_users_of_another_partnership(demo.session)
    for username in ("partner_other", "curator_other"):
        user(demo.session, username).email = f"{username}@example.org"
    user(demo.session, "staff").language = "ru"
    user(demo.session, "partner_other").language = "en"  # else Tashkent's document language
    demo.session.commit()
    agreement = silk_road(demo.session).agreement
    ganja = user(demo.session, "curator").institution_id  # the parties' order is the database's
    aziret = next(i for i in agreement.institution_ids if i != ganja)
    names = {
        i.id: pick_text(i.name, "en").text
        for i in demo.session.scalars(select(Institution).where(Institution.id.in_([aziret, tashkent.id])))
    }

    answer = change_parties(client, demo.session, "curator", agreement, [ganja, tashkent.id])
    assert answer.status_code == 202, answer.get_json()
    assert consent(client, demo.session, "curator_other", agreement, answer.json["id"]).status_code == 201
    assert not told(demo.session, "parties_changed")  # nothing changed yet
    applied = consent(client, demo.session, "curator-turkestan", agreement, answer.json["id"])
    assert applied.status_code == 201 and applied.json["status"] == "applied"

    # Ganja's curator and staff, the curator of the institution that joined and its partner;
    # not the actor (Aziret Sultan's curator, who gave the last consent), not Aziret Sultan's
    # partner (who may no longer read the memorandum), not the admin (of no institution).
    assert told(demo.session, "parties_changed") == {"staff", "curator", "curator_other", "partner_other"}
    # The plans' approvals are withdrawn: the curators who must approve again hear it per plan.
    assert "curator_other" in told(demo.session, "plan_changed") | told(demo.session, "plan_proposed")

    send(app)
    received = [(tos[0], parsed(raw)) for tos, raw in mailbox.received]
    mail = {address: m for address, m in received if of_kind(demo.session, m) == "parties_changed"}
    assert set(mail) == {"staff@example.org", "curator@example.org"} | {
        f"{name}@example.org" for name in ("curator_other", "partner_other")
    }
    partner_mail = mail["partner_other@example.org"].get_body(("plain",)).get_content()
    text = " ".join(partner_mail.split())
    assert "Гүлнар Омарова changed the parties of" in text
    assert f"Now a party: {names[tashkent.id]}." in text
    assert f"No longer a party: {names[aziret]}." in text
    russian = " ".join(mail["staff@example.org"].get_body(("plain",)).get_content().split())
    assert mail["staff@example.org"]["Content-Language"] == "ru" and "Состав сторон" in russian and "изменён" in russian
    link = re.search(r"http://planner\.test(/agreements/\d+)", partner_mail).group(1)
    assert link == f"/agreements/{agreement.id}"

    log_in(client, "partner_other")
    assert client.get(link).status_code == 200
    inbox = " ".join(client.get("/notifications").get_data(as_text=True).split())
    assert f"Now a party: {names[tashkent.id]}." in inbox


def test_the_kind_is_a_choice_on_the_account_page(client, demo):
    log_in(client, "curator")
    page = client.get("/account").get_data(as_text=True)
    assert 'name="delivery-parties_changed"' in page and "The parties of an agreement changed" in page
