"""The temporary-export permits of the four countries the partnerships lend from, as shipped:
who grants them, what the document is called (in English, Azerbaijani, Kazakh and Russian) and
how long they usually take. Administrators edit them afterwards (`PermitTemplate`); migration
0014 copies this data (frozen there, as migrations are)."""

from __future__ import annotations

PERMIT_TEMPLATES = {
    "AZ": {
        "authority": {
            "en": "Cabinet of Ministers of the Republic of Azerbaijan (on the Ministry of Culture's submission)",
            "az": "Azərbaycan Respublikasının Nazirlər Kabineti (Mədəniyyət Nazirliyinin təqdimatı ilə)",
            "kk": "Әзірбайжан Республикасының Министрлер Кабинеті (Мәдениет министрлігінің ұсынуымен)",
            "ru": "Кабинет Министров Азербайджанской Республики (по представлению Министерства культуры)",
        },
        "document_name": {
            "en": "Permission for the temporary export of cultural property",
            "az": "Mədəni sərvətlərin müvəqqəti ixracına icazə",
            "kk": "Мәдени құндылықтарды уақытша әкетуге рұқсат",
            "ru": "Разрешение на временный вывоз культурных ценностей",
        },
        "lead_time_days": 60,
    },
    "KZ": {
        "authority": {
            "en": "Ministry of Culture and Information of the Republic of Kazakhstan",
            "az": "Qazaxıstan Respublikasının Mədəniyyət və İnformasiya Nazirliyi",
            "kk": "Қазақстан Республикасының Мәдениет және ақпарат министрлігі",
            "ru": "Министерство культуры и информации Республики Казахстан",
        },
        "document_name": {
            "en": "Certificate for the temporary export of cultural property",
            "az": "Mədəni sərvətlərin müvəqqəti ixracı üçün şəhadətnamə",
            "kk": "Мәдени құндылықтарды уақытша әкетуге арналған куәлік",
            "ru": "Свидетельство на временный вывоз культурных ценностей",
        },
        "lead_time_days": 30,
    },
    "UZ": {
        "authority": {
            "en": "Cultural Heritage Agency of the Republic of Uzbekistan",
            "az": "Özbəkistan Respublikasının Mədəni İrs Agentliyi",
            "kk": "Өзбекстан Республикасының Мәдени мұра агенттігі",
            "ru": "Агентство культурного наследия Республики Узбекистан",
        },
        "document_name": {
            "en": "Permit for the temporary export of cultural property",
            "az": "Mədəni sərvətlərin müvəqqəti ixracına icazə",
            "kk": "Мәдени құндылықтарды уақытша әкетуге рұқсат",
            "ru": "Разрешение на временный вывоз культурных ценностей",
        },
        "lead_time_days": 30,
    },
    "TR": {
        "authority": {
            "en": "Ministry of Culture and Tourism of the Republic of Türkiye (Law No. 2863, art. 32)",
            "az": "Türkiyə Respublikasının Mədəniyyət və Turizm Nazirliyi (2863 saylı Qanun, maddə 32)",
            "kk": "Түркия Республикасының Мәдениет және туризм министрлігі (№ 2863 Заң, 32-бап)",
            "ru": "Министерство культуры и туризма Турецкой Республики (Закон № 2863, ст. 32)",
        },
        "document_name": {
            "en": "Presidential approval for a temporary exhibition abroad (Law No. 2863, art. 32)",
            "az": "Xaricdə müvəqqəti sərgi üçün Prezident icazəsi (2863 saylı Qanun, maddə 32)",
            "kk": "Шетелдегі уақытша көрмеге Президенттің рұқсаты (№ 2863 Заң, 32-бап)",
            "ru": "Разрешение Президента на временную выставку за рубежом (Закон № 2863, ст. 32)",
        },
        "lead_time_days": 90,
    },
}
