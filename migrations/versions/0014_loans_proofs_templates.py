"""loans (issue #28): a loan may carry its own signed loan agreement (proof for "agreed" when
the plan's project agreement is not signed by every party); the temporary-export permit
templates of Azerbaijan, Kazakhstan, Uzbekistan and Türkiye (inserted once: an administrator's
later edits are kept, a country already present is left alone).

Revision ID: 0014_loans_proofs_templates
Revises: 0014_tasks
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0014_loans_proofs_templates"
down_revision = "0014_tasks"
branch_labels = None
depends_on = None

# Frozen copy of planner/loans/templates_data.py as shipped (a migration never imports the app).
TEMPLATES = {
    "AZ": (
        60,
        {
            "en": "Cabinet of Ministers of the Republic of Azerbaijan (on the Ministry of Culture's submission)",
            "az": "Azərbaycan Respublikasının Nazirlər Kabineti (Mədəniyyət Nazirliyinin təqdimatı ilə)",
            "kk": "Әзірбайжан Республикасының Министрлер Кабинеті (Мәдениет министрлігінің ұсынуымен)",
            "ru": "Кабинет Министров Азербайджанской Республики (по представлению Министерства культуры)",
        },
        {
            "en": "Permission for the temporary export of cultural property",
            "az": "Mədəni sərvətlərin müvəqqəti ixracına icazə",
            "kk": "Мәдени құндылықтарды уақытша әкетуге рұқсат",
            "ru": "Разрешение на временный вывоз культурных ценностей",
        },
    ),
    "KZ": (
        30,
        {
            "en": "Ministry of Culture and Information of the Republic of Kazakhstan",
            "az": "Qazaxıstan Respublikasının Mədəniyyət və İnformasiya Nazirliyi",
            "kk": "Қазақстан Республикасының Мәдениет және ақпарат министрлігі",
            "ru": "Министерство культуры и информации Республики Казахстан",
        },
        {
            "en": "Certificate for the temporary export of cultural property",
            "az": "Mədəni sərvətlərin müvəqqəti ixracı üçün şəhadətnamə",
            "kk": "Мәдени құндылықтарды уақытша әкетуге арналған куәлік",
            "ru": "Свидетельство на временный вывоз культурных ценностей",
        },
    ),
    "UZ": (
        30,
        {
            "en": "Cultural Heritage Agency of the Republic of Uzbekistan",
            "az": "Özbəkistan Respublikasının Mədəni İrs Agentliyi",
            "kk": "Өзбекстан Республикасының Мәдени мұра агенттігі",
            "ru": "Агентство культурного наследия Республики Узбекистан",
        },
        {
            "en": "Permit for the temporary export of cultural property",
            "az": "Mədəni sərvətlərin müvəqqəti ixracına icazə",
            "kk": "Мәдени құндылықтарды уақытша әкетуге рұқсат",
            "ru": "Разрешение на временный вывоз культурных ценностей",
        },
    ),
    "TR": (
        90,
        {
            "en": "Ministry of Culture and Tourism of the Republic of Türkiye (Law No. 2863, art. 32)",
            "az": "Türkiyə Respublikasının Mədəniyyət və Turizm Nazirliyi (2863 saylı Qanun, maddə 32)",
            "kk": "Түркия Республикасының Мәдениет және туризм министрлігі (№ 2863 Заң, 32-бап)",
            "ru": "Министерство культуры и туризма Турецкой Республики (Закон № 2863, ст. 32)",
        },
        {
            "en": "Presidential approval for a temporary exhibition abroad (Law No. 2863, art. 32)",
            "az": "Xaricdə müvəqqəti sərgi üçün Prezident icazəsi (2863 saylı Qanun, maddə 32)",
            "kk": "Шетелдегі уақытша көрмеге Президенттің рұқсаты (№ 2863 Заң, 32-бап)",
            "ru": "Разрешение Президента на временную выставку за рубежом (Закон № 2863, ст. 32)",
        },
    ),
}


def upgrade():
    with op.batch_alter_table("loan", schema=None) as batch_op:
        batch_op.add_column(sa.Column("loan_agreement_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_loan_loan_agreement_id_attachment"), "attachment", ["loan_agreement_id"], ["id"]
        )
    connection = op.get_bind()
    template = sa.table(
        "permit_template",
        sa.column("country"),
        sa.column("authority", sa.JSON()),
        sa.column("document_name", sa.JSON()),
        sa.column("lead_time_days"),
        sa.column("created_at"),
        sa.column("updated_at"),
    )
    present = set(connection.execute(sa.select(template.c.country)).scalars())
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = [
        {"country": country, "authority": authority, "document_name": name, "lead_time_days": days,
         "created_at": now, "updated_at": now}
        for country, (days, authority, name) in TEMPLATES.items()
        if country not in present
    ]
    if rows:
        op.bulk_insert(template, rows)


def downgrade():
    op.execute(sa.text("DELETE FROM permit_template WHERE country IN ('AZ', 'KZ', 'UZ', 'TR')"))
    with op.batch_alter_table("loan", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_loan_loan_agreement_id_attachment"), type_="foreignkey")
        batch_op.drop_column("loan_agreement_id")
