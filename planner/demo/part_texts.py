"""The demo's typed texts of plan parts and sites in the other three languages (the English one
is in the row itself): loan object titles and condition notes by inventory number, roles by
English role, site precision notes by the site's English name."""

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
        "kk": "қорықтың координаттары табылмады: Гянджа қаласының орталығы; ежелгі Гянджа қалажұрты шамамен 5 км шығыста",
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
