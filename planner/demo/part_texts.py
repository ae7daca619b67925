"""The demo's typed texts of plan parts and sites in the other three languages (the English one
is in the row itself): loan object titles and condition notes by inventory number, roles by
English role, cost descriptions by their English description, site precision notes by the
site's English name; and each plan's description in all four, by its English title."""

from __future__ import annotations

LOAN_TITLES = {
    "GQ-1987-014": {
        "az": "Şirli keramika kasa, XII əsr",
        "kk": "Сырлы керамикалық тостаған, XII ғасыр",
        "ru": "Глазурованная керамическая чаша, XII век",
    },
    "GQ-2004-231": {"az": "Tunc yağ çırağı", "kk": "Қола май шырағы", "ru": "Бронзовый масляный светильник"},
    "GQ-2011-077": {
        "az": "Filiqranlı qızıl sırğa",
        "kk": "Филигранды алтын сырға",
        "ru": "Золотая серьга с филигранью",
    },
}

CONDITIONS_DEPARTURE = {
    "GQ-1987-014": {
        "az": "Ağzının kənarında nazik çat var, vəziyyəti sabitdir.",
        "kk": "Ернеуінде қылдай жарықшақ бар, жағдайы тұрақты.",
        "ru": "Волосяная трещина по краю, состояние стабильное.",
    },
}

ROLES = {
    "Conservator": {"az": "Bərpaçı", "kk": "Реставратор", "ru": "Реставратор"},
    "Archaeologist": {"az": "Arxeoloq", "kk": "Археолог", "ru": "Археолог"},
}

COST_DESCRIPTIONS = {
    "Packing and transport to Turkestan": {
        "az": "Qablaşdırma və Türküstana daşınma",
        "kk": "Қаптама және Түркістанға тасымалдау",
        "ru": "Упаковка и перевозка в Туркестан",
    },
    "Nail-to-nail insurance": {
        "az": "«Mıxdan mıxa» sığorta",
        "kk": "«Шегеден шегеге» сақтандыру",
        "ru": "Страхование «от гвоздя до гвоздя»",
    },
    "Exhibition hall and installation": {
        "az": "Sərgi zalı və ekspozisiyanın quraşdırılması",
        "kk": "Көрме залы және экспозицияны құрастыру",
        "ru": "Выставочный зал и монтаж экспозиции",
    },
    "Courier's per diem, 5 days": {
        "az": "Kuryerin gündəlik xərcləri, 5 gün",
        "kk": "Курьердің тәуліктік ақысы, 5 күн",
        "ru": "Суточные курьера, 5 дней",
    },
}

PRECISION_NOTES = {
    "Azerbaijan National Carpet Museum": {
        "az": "iki açıq kod faylı 50 m dəqiqliklə üst-üstə düşür; ünvan: Mikayıl Hüseynov küçəsi, 28",
        "kk": "екі ашық код файлы 50 м дәлдікпен сәйкес келеді; мекенжайы: Микаил Усейнов көшесі, 28",
        "ru": "два открытых файла с кодом совпадают в пределах 50 м; адрес: улица Микаила Усейнова, 28",
    },
    "Azerbaijan National Art Museum": {
        "az": "bir açıq kod faylı; ünvan: Niyazi küçəsi, 9-11; xəritədə yoxlayın",
        "kk": "бір ашық код файлы; мекенжайы: Ниязи көшесі, 9-11; картадан тексеріңіз",
        "ru": "один открытый файл с кодом; адрес: улица Ниязи, 9-11; проверьте по карте",
    },
    "Ganja State Historical and Cultural Reserve": {
        "az": "qoruğun koordinatları tapılmadı: Gəncə şəhərinin mərkəzi; qədim Gəncə şəhər yeri təxminən 5 km şərqdədir",
        "kk": "қорықтың координаттары табылмады: Гянжа қаласының орталығы; ежелгі Гянжа қалажұрты шамамен 5 км шығыста",
        "ru": "координаты заповедника не найдены: центр города Гянджа; городище древней Гянджи примерно в 5 км к востоку",
    },
    "Azret Sultan National Historical and Cultural Museum-Reserve (Mausoleum of Khoja Ahmed Yasawi)": {
        "az": "üç açıq mənbə təxminən 200 m dəqiqliklə üst-üstə düşür; UNESCO-nun Ümumdünya irsi obyekti 1103",
        "kk": "үш ашық дереккөз шамамен 200 м дәлдікпен сәйкес келеді; ЮНЕСКО-ның Бүкіләлемдік мұра нысаны 1103",
        "ru": "три открытых источника совпадают примерно в пределах 200 м; объект Всемирного наследия ЮНЕСКО 1103",
    },
    "State Museum of Arts of Uzbekistan": {
        "az": "xəritə obyektinin (POI) səhifəsi; başqa mənbə 450 m aralıdadır; ünvan: Əmir Teymur prospekti, 16; yoxlayın",
        "kk": "картадағы нысанның (POI) беті; басқа дереккөз 450 м қашықтықта; мекенжайы: Әмір Темір даңғылы, 16; тексеріңіз",
        "ru": "страница объекта на карте (POI); другой источник в 450 м; адрес: проспект Амира Темура, 16; проверьте",
    },
    "Georgian National Museum": {
        "az": "əsas bina: Rustaveli prospekti, 3",
        "kk": "негізгі ғимарат: Руставели даңғылы, 3",
        "ru": "главное здание: проспект Руставели, 3",
    },
    "Ege University (Bornova campus)": {
        "az": "sahəsi 370 ha olan kampus",
        "kk": "аумағы 370 га кампус",
        "ru": "кампус площадью 370 га",
    },
}

#: Each demo plan's description in the four languages, by its English title.
PLAN_DESCRIPTIONS = {
    "Ganja: a city on the Silk Road": {
        "en": "A joint exhibition of archaeological finds from the Ganja reserve, first in Turkestan, then in Ganja.",
        "az": "Gəncə qoruğunun arxeoloji tapıntılarından birgə sərgi: əvvəlcə Türküstanda, sonra Gəncədə.",
        "kk": "Гянжа қорығының археологиялық олжаларының бірлескен көрмесі: алдымен Түркістанда, содан кейін Гянжада.",
        "ru": "Совместная выставка археологических находок Гянджинского заповедника: сначала в Туркестане, затем в Гяндже.",
    },
    "Heritage Tuesdays: a webinar series": {
        "en": "Weekly online talks by curators of both reserves.",
        "az": "Hər iki qoruğun kuratorlarının həftəlik onlayn mühazirələri.",
        "kk": "Екі қорық кураторларының апта сайынғы онлайн дәрістері.",
        "ru": "Еженедельные онлайн-лекции кураторов обоих заповедников.",
    },
    "Exchange of conservators, spring 2027": {
        "en": "Two specialists spend two weeks each at the partner reserve: a conservator from Ganja in Turkestan, "
        "an archaeologist from Turkestan in Ganja.",
        "az": "İki mütəxəssis tərəfdaş qoruqda ikişər həftə keçirir: Gəncədən bir bərpaçı Türküstanda, "
        "Türküstandan bir arxeoloq Gəncədə.",
        "kk": "Екі маман серіктес қорықта екі аптадан болады: Гянжадан реставратор Түркістанда, "
        "Түркістаннан археолог Гянжада.",
        "ru": "Два специалиста проводят по две недели в заповеднике-партнёре: реставратор из Гянджи в Туркестане, "
        "археолог из Туркестана в Гяндже.",
    },
    "Study trip: from Ganja to Turkestan": {
        "en": "A study trip for curators of both reserves: Ganja, the Carpet Museum in Baku, "
        "then the Aziret Sultan museum-reserve in Turkestan.",
        "az": "Hər iki qoruğun kuratorları üçün tədris səfəri: Gəncə, Bakıdakı Xalça Muzeyi, "
        "sonra Türküstandakı Həzrət Sultan muzey-qoruğu.",
        "kk": "Екі қорықтың кураторларына арналған оқу сапары: Гянжа, Бакудегі Кілем музейі, "
        "содан кейін Түркістандағы «Әзірет Сұлтан» музей-қорығы.",
        "ru": "Учебная поездка кураторов обоих заповедников: Гянджа, Музей ковра в Баку, "
        "затем музей-заповедник «Азрет-Султан» в Туркестане.",
    },
    "Carpets of the Great Steppe": {
        "en": "Carpets from the Azerbaijan National Carpet Museum, shown for the summer "
        "at the Aziret Sultan museum-reserve in Turkestan.",
        "az": "Azərbaycan Milli Xalça Muzeyinin xalçaları yay boyu Türküstandakı Həzrət Sultan muzey-qoruğunda nümayiş olunur.",
        "kk": "Әзербайжан ұлттық кілем музейінің кілемдері жаз бойы Түркістандағы «Әзірет Сұлтан» музей-қорығында көрсетіледі.",
        "ru": "Ковры Азербайджанского национального музея ковра всё лето экспонируются "
        "в музее-заповеднике «Азрет-Султан» в Туркестане.",
    },
    "Conservation workshop on oil paintings": {
        "en": "Five days of hands-on work on oil paintings in Tashkent, led by the State Museum of Arts of Uzbekistan "
        "with conservators of the National Art Museum.",
        "az": "Daşkənddə yağlı boya əsərləri üzərində beş günlük praktik iş: Özbəkistan Dövlət İncəsənət Muzeyinin "
        "rəhbərliyi ilə, Milli İncəsənət Muzeyinin bərpaçılarının iştirakı ilə.",
        "kk": "Ташкентте майлы бояу картиналарымен бес күндік практикалық жұмыс: Өзбекстан мемлекеттік өнер "
        "музейінің басшылығымен, Ұлттық өнер музейі реставраторларының қатысуымен.",
        "ru": "Пять дней практической работы с масляной живописью в Ташкенте под руководством Государственного "
        "музея искусств Узбекистана, с участием реставраторов Национального музея искусств.",
    },
    "Turkish works from the National Art Museum, in Izmir": {
        "en": "Works by Turkish artists from the collection of the Azerbaijan National Art Museum, "
        "shown at Ege University in Izmir.",
        "az": "Azərbaycan Milli İncəsənət Muzeyinin kolleksiyasından türk rəssamlarının əsərləri "
        "İzmirdəki Egey Universitetində nümayiş olunur.",
        "kk": "Әзербайжан ұлттық өнер музейінің қорынан түрік суретшілерінің туындылары "
        "Измирдегі Эгей университетінде көрсетіледі.",
        "ru": "Произведения турецких художников из собрания Национального музея искусств Азербайджана "
        "экспонируются в Эгейском университете в Измире.",
    },
    "Caravanserai survey along the Ganja road": {
        "en": "A field survey of the caravanserais along the old Ganja road: measured drawings, photographs "
        "and condition notes.",
        "az": "Köhnə Gəncə yolu boyunca karvansaraların çöl tədqiqatı: ölçü çertyojları, fotoşəkillər "
        "və vəziyyət qeydləri.",
        "kk": "Ескі Гянжа жолы бойындағы керуен-сарайларды далалық зерттеу: өлшеу сызбалары, фотосуреттер "
        "және жай-күйі туралы жазбалар.",
        "ru": "Полевое обследование караван-сараев вдоль старой Гянджинской дороги: обмерные чертежи, фотографии "
        "и описания состояния.",
    },
}
