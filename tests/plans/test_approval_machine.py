"""A stateful property test of two-party approval: Hypothesis drives a fresh plan through random
sequences of approvals (current or stale versions), status moves, changes of costs and terms,
and changes of the agreement's parties, by both parties and an administrator, on the pages and
through the API; after every step the rules must hold:

- a proposed or approved plan is approved exactly when every current party has a standing
  approval of its current content; a scheduled or in-progress plan still has them all;
- at most one standing approval per institution and version;
- every change of status, approvals or content has its audit entry."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import func, select

from tests.budget import examples
from tests.conftest import add_users_of_another_partnership, csrf_token, log_in

CURATORS = ("curator", "curator-turkestan")
ACTORS = ("curator", "curator-turkestan", "admin")
PATHS = ("page", "api")
STATUSES = ("proposed", "approved", "scheduled", "in_progress", "completed", "cancelled")


class Surfaces:
    """Logged-in page clients and API tokens of the actors, made once per test."""

    def __init__(self, app, session):
        from planner.accounts.models import Token, User

        self.app = app
        self.pages, self.tokens, self.csrf = {}, {}, {}
        for name in ACTORS:  # tokens committed before the log-ins: on in-memory SQLite the requests
            user = session.scalar(select(User).where(User.username == name))  # share its one connection
            token, secret = Token.issue(user, "api", "machine")
            session.add(token)
            self.tokens[name] = secret
        session.commit()
        for name in ACTORS:
            client = app.test_client()
            log_in(client, name)
            self.pages[name] = client
            self.csrf[name] = csrf_token(client.get("/account").data)
        self.api = app.test_client()

    def post_page(self, actor: str, path: str, data: dict):
        return self.pages[actor].post(path, data={"csrf_token": self.csrf[actor], **data})

    def call_api(self, actor: str, method: str, path: str, body: dict):
        headers = {"Authorization": f"Bearer {self.tokens[actor]}"}
        return getattr(self.api, method)(path, json=body, headers=headers)


class ApprovalMachine(RuleBasedStateMachine):
    surfaces: Surfaces
    session = None
    institutions: dict

    def __init__(self):
        super().__init__()
        from planner.agreements.models import Agreement, Party
        from planner.plans.models import Plan

        ganja, turkestan = self.institutions["ganja"], self.institutions["turkestan"]
        agreement = Agreement(title={"en": "Machine memorandum"}, status="in_force", term_years=5)
        agreement.parties = [Party(institution_id=ganja, position=1), Party(institution_id=turkestan, position=2)]
        plan = Plan(
            agreement=agreement,
            kind="exhibition",
            title={"en": "Machine plan"},
            status="proposed",
            lead_institution_id=ganja,
        )
        self.session.add_all([agreement, plan])
        self.session.commit()
        self.agreement_id, self.plan_id = agreement.id, plan.id
        self.seen = [plan.current_fingerprint]  # every version a party could have read
        self.before = self._state()

    # --- reading the stored state ------------------------------------------------------------

    def _plan(self):
        from planner.plans.models import Plan

        self.session.expire_all()
        return self.session.get(Plan, self.plan_id)

    def _audits(self) -> int:
        from planner.audit.models import AuditEntry

        return self.session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.entity == "plan", AuditEntry.entity_id == self.plan_id)
        )

    def _state(self):
        plan = self._plan()
        standing = sorted((a.institution_id, a.fingerprint) for a in plan.approvals if a.withdrawn_at is None)
        return plan.status, plan.current_fingerprint, tuple(standing), self._audits()

    def _after_step(self) -> None:
        status, fingerprint, standing, audits = self._state()
        old_status, old_fingerprint, old_standing, old_audits = self.before
        if (status, fingerprint, standing) != (old_status, old_fingerprint, old_standing):
            assert audits > old_audits, "a change of the plan without its audit entry"
        if fingerprint not in self.seen:
            self.seen.append(fingerprint)
        self.before = self._state()

    # --- what the parties do -------------------------------------------------------------------

    @rule(actor=st.sampled_from(CURATORS), path=st.sampled_from(PATHS), stale=st.booleans())
    def approve(self, actor, path, stale):
        fingerprint = self.seen[0] if stale else self._plan().current_fingerprint
        if path == "page":
            answer = self.surfaces.post_page(actor, f"/plans/{self.plan_id}/approve", {"fingerprint": fingerprint})
            assert answer.status_code in (302, 403)
        else:
            answer = self.surfaces.call_api(
                actor, "post", f"/api/v1/plans/{self.plan_id}/approvals", {"fingerprint": fingerprint}
            )
            assert answer.status_code in (201, 403, 409, 412, 422), answer.json  # 403: no longer a party
        self._after_step()

    @rule(actor=st.sampled_from(ACTORS), path=st.sampled_from(PATHS), status=st.sampled_from(STATUSES))
    def move(self, actor, path, status):
        if path == "page":
            assert (
                self.surfaces.post_page(actor, f"/plans/{self.plan_id}/status", {"status": status}).status_code == 302
            )
        else:
            answer = self.surfaces.call_api(actor, "patch", f"/api/v1/plans/{self.plan_id}", {"status": status})
            assert answer.status_code in (200, 403, 422), answer.json
        self._after_step()

    @rule(actor=st.sampled_from(ACTORS), path=st.sampled_from(PATHS), amount=st.sampled_from(["0", "100", "250.5"]))
    def add_cost(self, actor, path, amount):
        payer = self.institutions["ganja"]
        if path == "page":
            data = {
                "version_id": self._plan().version_id,
                "cost_items-payer_institution_id": payer,
                "cost_items-incurred_by_institution_id": payer,
                "cost_items-category": "fees",
                "cost_items-amount": amount,
                "cost_items-currency": "EUR",
            }
            assert self.surfaces.post_page(actor, f"/plans/{self.plan_id}/costs", data).status_code in (302, 400, 403)
        else:
            body = {"payer_institution_id": payer, "category": "fees", "amount": amount, "currency": "EUR"}
            answer = self.surfaces.call_api(actor, "post", f"/api/v1/plans/{self.plan_id}/cost-items", body)
            assert answer.status_code in (201, 403, 422), answer.json
        self._after_step()

    @rule(actor=st.sampled_from(ACTORS), path=st.sampled_from(PATHS))
    def remove_cost(self, actor, path):
        costs = self._plan().cost_items
        if costs:
            if path == "page":
                data = {"version_id": self._plan().version_id}
                self.surfaces.post_page(actor, f"/plans/{self.plan_id}/costs/{costs[0].id}/delete", data)
            else:
                self.surfaces.call_api(actor, "delete", f"/api/v1/plans/{self.plan_id}/cost-items/{costs[0].id}", {})
        self._after_step()

    @rule(actor=st.sampled_from(ACTORS), terms=st.sampled_from(["free_of_charge", "compensated"]))
    def change_terms(self, actor, terms):
        answer = self.surfaces.call_api(actor, "patch", f"/api/v1/plans/{self.plan_id}", {"terms": terms})
        assert answer.status_code in (200, 403, 422), answer.json
        self._after_step()

    @rule(third=st.booleans(), status=st.sampled_from(["in_force", "draft"]))
    def change_parties(self, third, status):
        """An administrator adds or drops a third party (or the second, on a draft)."""
        ids = [self.institutions["ganja"], self.institutions["turkestan"]]
        if third:
            ids.append(self.institutions["tashkent"])
        elif status == "draft":
            ids = ids[:1]
        body = {"status": status, "parties": [{"institution_id": i} for i in ids]}
        answer = self.surfaces.call_api("admin", "patch", f"/api/v1/agreements/{self.agreement_id}", body)
        assert answer.status_code in (200, 202, 403, 422), answer.json
        if answer.status_code == 202:  # in force: proposed; the administrator applies it at once
            path = f"/api/v1/agreements/{self.agreement_id}/amendments/{answer.json['id']}/application"
            assert self.surfaces.call_api("admin", "post", path, {}).status_code == 200
        self._after_step()

    # --- the rules ----------------------------------------------------------------------------------

    @invariant()
    def approved_exactly_when_every_party_approved_this_version(self):
        from planner.plans.approval import is_approved

        plan = self._plan()
        parties = set(plan.agreement.institution_ids)
        everyone = is_approved(parties, plan.approvals, plan.current_fingerprint)
        if plan.status in ("proposed", "approved"):
            assert (plan.status == "approved") == everyone, (plan.status, parties, plan.approvals)
        elif plan.status in ("scheduled", "in_progress"):
            assert everyone, plan.status

    @invariant()
    def one_standing_approval_per_institution_and_version(self):
        standing = Counter((a.institution_id, a.fingerprint) for a in self._plan().approvals if a.withdrawn_at is None)
        assert all(count == 1 for count in standing.values()), standing


def test_random_sequences_by_both_parties_keep_the_two_party_rule(app, demo):
    from planner.agreements.models import Agreement

    session = demo.session
    tashkent = add_users_of_another_partnership(session)
    ganja_agreement = next(a for a in session.scalars(select(Agreement)) if "Ganja" in a.title["en"])
    ganja, turkestan = (p.institution_id for p in ganja_agreement.parties)
    session.commit()
    ApprovalMachine.surfaces = Surfaces(app, session)
    ApprovalMachine.session = session
    ApprovalMachine.institutions = {"ganja": ganja, "turkestan": turkestan, "tashkent": tashkent.id}
    run_state_machine_as_test(
        ApprovalMachine,
        settings=settings(
            max_examples=examples(25, ci=10),
            stateful_step_count=15,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
            database=None,
            phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure prints its steps at once
        ),
    )
