"""The task templates MoU Planner ships, per plan kind, in the four languages: an exhibition's
checklist counted back from its opening (loan requests at least a year ahead, as ICOM UK asks),
shorter ones for webinars, staff exchanges and heritage routes, a minimal one for meetings, and
none for the other kinds. Administrators change them afterwards (`planner.tasks.operations`);
a shipped template is added once, by its key, and never overwritten."""

from __future__ import annotations

from dataclasses import dataclass

#: The export permit's offset when the lender's country has no permit template (days before departure).
DEFAULT_PERMIT_LEAD_DAYS = 60


@dataclass(frozen=True)
class Shipped:
    key: str
    anchor: str
    amount: int  # negative: before the anchor
    unit: str
    responsible: str
    texts: dict  # language: (title, description)
    proof_kind: str = ""
    proof_value: str = ""
    permit_lead_time: bool = False


def _t(en, az, kk, ru) -> dict:
    return {"en": en, "az": az, "kk": kk, "ru": ru}


EXHIBITION = (
    Shipped(
        "loan_request",
        "opening",
        -12,
        "months",
        "borrower",
        _t(
            (
                "Send the loan request",
                "The borrower asks the lender for the objects, at least a year before the opening.",
            ),
            (
                "Eksponatların verilməsi üçün sorğu göndərin",
                "Borc alan tərəf açılışdan ən azı bir il əvvəl eksponatları sorğu edir.",
            ),
            (
                "Экспонаттарды беру туралы сұрау жіберу",
                "Алушы тарап ашылудан кемінде бір жыл бұрын экспонаттарды сұратады.",
            ),
            (
                "Отправить запрос на выдачу экспонатов",
                "Принимающая сторона запрашивает экспонаты не позднее чем за год до открытия.",
            ),
        ),
        "loan_step",
        "requested",
    ),
    Shipped(
        "facility_report",
        "opening",
        -10,
        "months",
        "borrower",
        _t(
            ("Send the facility report", "The venue's security, climate and handling, for the lender's review."),
            (
                "Obyekt haqqında hesabatı göndərin",
                "Məkanın təhlükəsizliyi, iqlimi və eksponatlarla iş qaydası, verən tərəfin baxışı üçün.",
            ),
            (
                "Ғимарат туралы есепті жіберу",
                "Орынның қауіпсіздігі, климаты және экспонаттармен жұмыс тәртібі, беруші тараптың қарауына.",
            ),
            (
                "Отправить отчёт о помещении (facility report)",
                "Охрана, климат и обращение с экспонатами в месте показа, на рассмотрение передающей стороны.",
            ),
        ),
        "attachment",
        "facility_report",
    ),
    Shipped(
        "project_agreement",
        "opening",
        -6,
        "months",
        "every_party",
        _t(
            ("Sign the project agreement", "The separate project agreement, signed by every party."),
            ("Layihə sazişini imzalayın", "Ayrıca layihə sazişi, hər bir tərəfin imzası ilə."),
            ("Жобалық келісімге қол қою", "Жеке жобалық келісім, әр тараптың қолымен."),
            ("Подписать проектное соглашение", "Отдельное проектное соглашение, подписанное каждой стороной."),
        ),
        "attachment",
        "loan_agreement",
    ),
    Shipped(
        "insurance_quotes",
        "opening",
        -5,
        "months",
        "borrower",
        _t(
            ("Obtain insurance quotes", "Nail-to-nail cover for the insured values of the loan list."),
            ("Sığorta təkliflərini alın", "Eksponatların siyahısındakı sığorta dəyərləri üçün «mıxdan mıxa» sığorta."),
            ("Сақтандыру ұсыныстарын алу", "Экспонаттар тізіміндегі сақтандыру құны үшін «шегеден шегеге» сақтандыру."),
            (
                "Получить предложения страховщиков",
                "Страхование «от гвоздя до гвоздя» на страховую стоимость экспонатов.",
            ),
        ),
        "attachment",
        "insurance_quote",
    ),
    Shipped(
        "export_permit",
        "loan_departure",
        -DEFAULT_PERMIT_LEAD_DAYS,
        "days",
        "lender",
        _t(
            ("Apply for the export permit", "In time for the country's usual lead time before the objects leave."),
            (
                "İxrac icazəsi üçün müraciət edin",
                "Eksponatlar yola düşməzdən əvvəl ölkənin adi müddətini nəzərə alaraq.",
            ),
            ("Әкету рұқсатына өтініш беру", "Экспонаттар жөнелтілгенге дейін елдің әдеттегі мерзімін ескере отырып."),
            (
                "Подать заявку на разрешение на вывоз",
                "С учётом обычного срока рассмотрения в стране до отправки экспонатов.",
            ),
        ),
        permit_lead_time=True,
    ),
    Shipped(
        "crates",
        "loan_departure",
        -1,
        "months",
        "lender",
        _t(
            ("Order the crates", "Crates built to the objects' measurements, with climate buffering."),
            ("Yeşikləri sifariş edin", "Eksponatların ölçülərinə uyğun, iqlim qorumalı yeşiklər."),
            ("Жәшіктерге тапсырыс беру", "Экспонаттардың өлшеміне сай, климаттан қорғайтын жәшіктер."),
            ("Заказать ящики", "Ящики по размерам экспонатов, с климатической защитой."),
        ),
    ),
    Shipped(
        "couriers",
        "loan_departure",
        -3,
        "weeks",
        "lender",
        _t(
            ("Book the couriers", "Travel and stay of the couriers who accompany the objects."),
            ("Kuryerləri sifariş edin", "Eksponatları müşayiət edən kuryerlərin yol və qalma xərcləri."),
            ("Курьерлерді брондау", "Экспонаттарды алып жүретін курьерлердің жол жүруі мен тұруы."),
            ("Забронировать курьеров", "Проезд и проживание курьеров, сопровождающих экспонаты."),
        ),
    ),
    Shipped(
        "insurance_certificate",
        "loan_departure",
        -2,
        "weeks",
        "borrower",
        _t(
            ("Send the insurance certificate", "No object leaves before the lender holds the certificate."),
            ("Sığorta sertifikatını göndərin", "Verən tərəf sertifikatı almadan heç bir eksponat yola düşmür."),
            ("Сақтандыру сертификатын жіберу", "Беруші тарап сертификатты алмайынша бірде-бір экспонат жөнелтілмейді."),
            (
                "Отправить страховой сертификат",
                "Ни один экспонат не отправляется, пока передающая сторона не получит сертификат.",
            ),
        ),
        "attachment",
        "insurance_certificate",
    ),
    Shipped(
        "departure_condition",
        "loan_departure",
        0,
        "days",
        "lender",
        _t(
            ("Check the condition before departure", "A condition report of every object, with photos."),
            ("Yola düşməzdən əvvəl vəziyyəti yoxlayın", "Hər eksponatın vəziyyəti haqqında fotoşəkilli hesabat."),
            ("Жөнелту алдында жай-күйін тексеру", "Әр экспонаттың жай-күйі туралы фотосуреттері бар есеп."),
            ("Проверить состояние перед отправкой", "Отчёт о состоянии каждого экспоната с фотографиями."),
        ),
        "attachment",
        "condition_report",
    ),
    Shipped(
        "press_release",
        "opening",
        -2,
        "weeks",
        "lead",
        _t(
            ("Publish the press release", "Agreed by both parties, in the exhibition's languages."),
            ("Press-relizi dərc edin", "Hər iki tərəfin razılığı ilə, sərginin dillərində."),
            ("Баспасөз релизін жариялау", "Екі тараптың келісімімен, көрменің тілдерінде."),
            ("Опубликовать пресс-релиз", "По согласованию обеих сторон, на языках выставки."),
        ),
        "attachment",
        "press_release",
    ),
    Shipped(
        "installation",
        "opening",
        -1,
        "weeks",
        "borrower",
        _t(
            ("Install the exhibition", "Objects unpacked, checked and installed in the lender's courier's presence."),
            (
                "Sərgini quraşdırın",
                "Eksponatlar verən tərəfin kuryerinin iştirakı ilə açılır, yoxlanılır və quraşdırılır.",
            ),
            ("Көрмені орнату", "Экспонаттар беруші тараптың курьерінің қатысуымен ашылып, тексеріліп, орнатылады."),
            (
                "Смонтировать выставку",
                "Экспонаты распаковываются, проверяются и устанавливаются в присутствии курьера.",
            ),
        ),
        "loan_step",
        "on_display",
    ),
    Shipped(
        "opening",
        "opening",
        0,
        "days",
        "every_party",
        _t(
            ("Open the exhibition", "The opening, with both parties' guests."),
            ("Sərgini açın", "Hər iki tərəfin qonaqları ilə açılış."),
            ("Көрмені ашу", "Екі тараптың қонақтарымен ашылу салтанаты."),
            ("Открыть выставку", "Открытие с гостями обеих сторон."),
        ),
    ),
    Shipped(
        "press_review",
        "opening",
        1,
        "weeks",
        "lead",
        _t(
            (
                "Share the press coverage and first visitor figures",
                "What the press wrote and how many came in the first week.",
            ),
            (
                "Mətbuat materiallarını və ilk ziyarətçi sayını paylaşın",
                "Mətbuatın yazdıqları və ilk həftədə neçə nəfərin gəldiyi.",
            ),
            (
                "Баспасөз материалдары мен алғашқы келушілер санымен бөлісу",
                "Баспасөз не жазды және бірінші аптада қанша адам келді.",
            ),
            (
                "Поделиться публикациями и первыми данными о посетителях",
                "Что написала пресса и сколько посетителей пришло за первую неделю.",
            ),
        ),
    ),
    Shipped(
        "deinstallation",
        "closing",
        1,
        "days",
        "borrower",
        _t(
            ("De-install the exhibition", "Objects taken down, checked and packed for the return."),
            ("Sərgini sökün", "Eksponatlar götürülür, yoxlanılır və qaytarılmaq üçün qablaşdırılır."),
            ("Көрмені бөлшектеу", "Экспонаттар алынып, тексеріліп, қайтаруға буып-түйіледі."),
            ("Демонтировать выставку", "Экспонаты снимаются, проверяются и упаковываются для возврата."),
        ),
        "loan_step",
        "deinstalled",
    ),
    Shipped(
        "return_transport",
        "loan_return",
        -1,
        "months",
        "borrower",
        _t(
            ("Book the return transport", "Shipper, crates and couriers for the way back."),
            ("Geri daşınmanı sifariş edin", "Geri yol üçün daşıyıcı, yeşiklər və kuryerlər."),
            ("Кері тасымалдауды брондау", "Кері жолға тасымалдаушы, жәшіктер мен курьерлер."),
            ("Забронировать обратную перевозку", "Перевозчик, ящики и курьеры на обратный путь."),
        ),
    ),
    Shipped(
        "return_condition",
        "loan_return",
        0,
        "days",
        "lender",
        _t(
            ("Check the condition on return", "Every object compared with its departure report."),
            ("Qayıdışda vəziyyəti yoxlayın", "Hər eksponat yola düşmə hesabatı ilə müqayisə edilir."),
            ("Қайтарылғанда жай-күйін тексеру", "Әр экспонат жөнелту кезіндегі есеппен салыстырылады."),
            ("Проверить состояние при возврате", "Каждый экспонат сверяется с отчётом при отправке."),
        ),
        "attachment",
        "condition_report",
    ),
    Shipped(
        "final_report",
        "closing",
        2,
        "months",
        "lead",
        _t(
            ("Write the final report", "Visitors, costs and outcome, for both parties' records."),
            ("Yekun hesabatı yazın", "Ziyarətçilər, xərclər və nəticələr, hər iki tərəf üçün."),
            ("Қорытынды есепті жазу", "Келушілер, шығындар мен нәтижелер, екі тарап үшін."),
            ("Составить итоговый отчёт", "Посетители, расходы и итоги, для обеих сторон."),
        ),
        "attachment",
        "final_report",
    ),
)

WEBINAR = (
    Shipped(
        "speakers",
        "first_event",
        -6,
        "weeks",
        "lead",
        _t(
            ("Confirm the speakers", "Speakers, topics and languages of the sessions."),
            ("Məruzəçiləri təsdiqləyin", "Sessiyaların məruzəçiləri, mövzuları və dilləri."),
            ("Баяндамашыларды растау", "Сессиялардың баяндамашылары, тақырыптары мен тілдері."),
            ("Подтвердить докладчиков", "Докладчики, темы и языки сессий."),
        ),
    ),
    Shipped(
        "announcement",
        "first_event",
        -4,
        "weeks",
        "every_party",
        _t(
            ("Announce the webinar", "On both parties' sites and lists, with the link to register."),
            ("Vebinarı elan edin", "Hər iki tərəfin saytlarında, qeydiyyat keçidi ilə."),
            ("Вебинарды жариялау", "Екі тараптың сайттарында, тіркелу сілтемесімен."),
            ("Объявить вебинар", "На сайтах обеих сторон, со ссылкой для регистрации."),
        ),
    ),
    Shipped(
        "rehearsal",
        "first_event",
        -1,
        "weeks",
        "lead",
        _t(
            ("Test the platform with the speakers", "Sound, slides and interpretation, once before the first session."),
            ("Platformanı məruzəçilərlə sınayın", "Səs, slaydlar və tərcümə, ilk sessiyadan əvvəl."),
            ("Платформаны баяндамашылармен сынау", "Дыбыс, слайдтар мен аударма, бірінші сессия алдында."),
            ("Проверить платформу с докладчиками", "Звук, слайды и перевод, до первой сессии."),
        ),
    ),
    Shipped(
        "recordings",
        "last_event",
        2,
        "weeks",
        "lead",
        _t(
            ("Publish the recordings", "The recorded sessions, with the speakers' consent."),
            ("Yazıları dərc edin", "Məruzəçilərin razılığı ilə sessiyaların yazıları."),
            ("Жазбаларды жариялау", "Баяндамашылардың келісімімен сессиялардың жазбалары."),
            ("Опубликовать записи", "Записи сессий, с согласия докладчиков."),
        ),
    ),
)

STAFF_EXCHANGE = (
    Shipped(
        "invitation",
        "participant_arrival",
        -3,
        "months",
        "host",
        _t(
            ("Send the invitation letter", "The host's letter the visitors need for their visas and leave."),
            (
                "Dəvət məktubunu göndərin",
                "Qonaqların viza və ezamiyyət üçün ehtiyac duyduğu qəbul edən tərəfin məktubu.",
            ),
            ("Шақыру хатын жіберу", "Қонақтарға виза мен іссапар үшін қажет қабылдаушы тараптың хаты."),
            ("Отправить письмо-приглашение", "Письмо принимающей стороны, нужное гостям для визы и командировки."),
        ),
    ),
    Shipped(
        "travel",
        "participant_arrival",
        -6,
        "weeks",
        "home",
        _t(
            ("Book travel and visas", "Tickets, visas and insurance of the participants."),
            ("Yol və vizaları təşkil edin", "İştirakçıların biletləri, vizaları və sığortası."),
            ("Жол мен визаларды рәсімдеу", "Қатысушылардың билеттері, визалары және сақтандыруы."),
            ("Оформить поездку и визы", "Билеты, визы и страховка участников."),
        ),
    ),
    Shipped(
        "accommodation",
        "participant_arrival",
        -1,
        "months",
        "host",
        _t(
            ("Arrange the accommodation", "Where the participants stay, near the host institution."),
            ("Yaşayış yerini təşkil edin", "İştirakçıların qəbul edən müəssisənin yaxınlığında qalacağı yer."),
            ("Тұрғын үйді ұйымдастыру", "Қатысушылар қабылдаушы мекеменің жанында тұратын орын."),
            ("Организовать проживание", "Где участники живут, рядом с принимающим учреждением."),
        ),
    ),
    Shipped(
        "programme",
        "participant_arrival",
        -2,
        "weeks",
        "host",
        _t(
            ("Send the programme of the stay", "Who meets the visitors, where, on which days."),
            ("Səfər proqramını göndərin", "Qonaqları kim, harada, hansı günlərdə qarşılayır."),
            ("Сапар бағдарламасын жіберу", "Қонақтарды кім, қайда, қай күндері қарсы алады."),
            ("Отправить программу пребывания", "Кто встречает гостей, где и в какие дни."),
        ),
    ),
    Shipped(
        "exchange_report",
        "participant_departure",
        1,
        "months",
        "home",
        _t(
            ("Write the exchange report", "What the participants learnt and shared."),
            ("Mübadilə haqqında hesabat yazın", "İştirakçıların öyrəndikləri və paylaşdıqları."),
            ("Алмасу туралы есеп жазу", "Қатысушылар не үйренді және немен бөлісті."),
            ("Составить отчёт об обмене", "Чему участники научились и чем поделились."),
        ),
        "attachment",
        "final_report",
    ),
)

HERITAGE_ROUTE = (
    Shipped(
        "route",
        "plan_start",
        -3,
        "months",
        "lead",
        _t(
            ("Agree the route with the sites", "Each stop's managers agree the dates of the visit."),
            ("Marşrutu abidələrlə razılaşdırın", "Hər dayanacağın rəhbərliyi səfər tarixlərini razılaşdırır."),
            ("Бағытты нысандармен келісу", "Әр аялдаманың басшылығы сапар күндерін келіседі."),
            ("Согласовать маршрут с объектами", "Руководство каждой остановки согласует даты посещения."),
        ),
    ),
    Shipped(
        "site_permits",
        "plan_start",
        -6,
        "weeks",
        "host",
        _t(
            ("Obtain the site permits", "Access to reserves and closed areas, and photography rights."),
            ("Abidələrə giriş icazələrini alın", "Qoruqlara və qapalı ərazilərə giriş, foto çəkiliş hüququ."),
            ("Нысандарға кіру рұқсаттарын алу", "Қорықтар мен жабық аумақтарға кіру, суретке түсіру құқығы."),
            ("Получить разрешения на посещение объектов", "Доступ в заповедники и закрытые зоны, право на съёмку."),
        ),
    ),
    Shipped(
        "route_travel",
        "plan_start",
        -1,
        "months",
        "lead",
        _t(
            ("Book transport and lodging along the route", "Vehicles, drivers and nights at each stop."),
            ("Marşrut boyu nəqliyyat və yaşayışı təşkil edin", "Hər dayanacaqda nəqliyyat, sürücülər və gecələmə."),
            ("Бағыт бойы көлік пен тұрақты брондау", "Әр аялдамада көлік, жүргізушілер мен түнеу."),
            ("Забронировать транспорт и ночлег по маршруту", "Транспорт, водители и ночлег на каждой остановке."),
        ),
    ),
    Shipped(
        "trip_report",
        "plan_end",
        1,
        "months",
        "lead",
        _t(
            ("Write the trip report", "The sites seen, their state, and what follows."),
            ("Səfər haqqında hesabat yazın", "Görülən abidələr, onların vəziyyəti və növbəti addımlar."),
            ("Сапар туралы есеп жазу", "Көрген нысандар, олардың жай-күйі және келесі қадамдар."),
            ("Составить отчёт о поездке", "Увиденные объекты, их состояние и дальнейшие шаги."),
        ),
        "attachment",
        "final_report",
    ),
)

MEETING = (
    Shipped(
        "meeting_programme",
        "first_event",
        -1,
        "months",
        "lead",
        _t(
            ("Agree the programme", "Topics, speakers and languages, agreed by the parties."),
            ("Proqramı razılaşdırın", "Mövzular, məruzəçilər və dillər, tərəflərin razılığı ilə."),
            ("Бағдарламаны келісу", "Тақырыптар, баяндамашылар мен тілдер, тараптардың келісімімен."),
            ("Согласовать программу", "Темы, докладчики и языки, по согласованию сторон."),
        ),
    ),
    Shipped(
        "meeting_report",
        "last_event",
        1,
        "months",
        "lead",
        _t(
            ("Write the report", "What was decided and who does what next."),
            ("Hesabat yazın", "Nə qərara alındı və kim nə edir."),
            ("Есеп жазу", "Не шешілді және кім не істейді."),
            ("Составить отчёт", "Что решено и кто что делает дальше."),
        ),
        "attachment",
        "final_report",
    ),
)

#: Shipped templates by plan kind; a kind not named here ships none (administrators add them).
SHIPPED = {
    "exhibition": EXHIBITION,
    "webinar": WEBINAR,
    "staff_exchange": STAFF_EXCHANGE,
    "heritage_route": HERITAGE_ROUTE,
    "seminar": MEETING,
    "conference": MEETING,
    "working_group": MEETING,
    "training": MEETING,
}


def shipped_rows() -> list[dict]:
    """Every shipped template as the column values of a TaskTemplate (plain data: the migration
    and `flask demo seed` both add what is missing)."""
    rows = []
    for kind, templates in SHIPPED.items():
        for position, shipped in enumerate(templates, start=1):
            rows.append(
                {
                    "plan_kind": kind,
                    "key": shipped.key,
                    "position": position,
                    "title": {lang: texts[0] for lang, texts in shipped.texts.items()},
                    "description": {lang: texts[1] for lang, texts in shipped.texts.items()},
                    "anchor": shipped.anchor,
                    "offset_amount": shipped.amount,
                    "offset_unit": shipped.unit,
                    "responsible": shipped.responsible,
                    "proof_kind": shipped.proof_kind,
                    "proof_value": shipped.proof_value,
                    "permit_lead_time": shipped.permit_lead_time,
                    "active": True,
                }
            )
    return rows
