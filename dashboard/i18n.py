"""Interface language: Arabic (right-to-left, the default) and English.

Labels are written in English in the code and looked up here; an English label
with no Arabic entry shows as it is, so a missing translation is visible, not fatal.

>>> translate("Overview", "ar")
'نظرة عامة'
>>> translate("Overview", "en")
'Overview'
"""

from __future__ import annotations

LANGUAGES = {"ar": "العربية", "en": "English"}
DEFAULT = "ar"

ARABIC = {
    # navigation and page titles
    "Overview": "نظرة عامة",
    "Coverage over time": "التغطية عبر الزمن",
    "Topics": "المواضيع",
    "Entities": "الكيانات",
    "Similar articles": "مقالات مشابهة",
    "Explore & download": "استكشاف وتنزيل",
    "Search & attention": "البحث والاهتمام",
    "Your corpus": "مدونتك",
    # sidebar
    "Filters": "عوامل التصفية",
    "Date range": "المدى الزمني",
    "Outlets": "المنافذ الإعلامية",
    "Search text": "نص البحث",
    'Words must all appear; "quoted phrase"; -word excludes; OR between alternatives.': (
        'يجب أن تظهر كل الكلمات؛ "عبارة بين علامتي تنصيص"؛ -كلمة للاستبعاد؛ OR بين البدائل.'
    ),
    "Language": "اللغة",
    "Short link to this view": "رابط قصير لهذا العرض",
    "The address bar always holds the full link too.": "شريط العنوان يحمل الرابط الكامل دائماً.",
    "This short link is unknown here; showing the default view.": (
        "هذا الرابط القصير غير معروف هنا؛ يُعرض العرض الافتراضي."
    ),
    # shared pieces
    "Period": "الفترة",
    "day": "يوم",
    "week": "أسبوع",
    "month": "شهر",
    "Articles": "المقالات",
    "articles": "مقالات",
    "Days covered": "الأيام المغطاة",
    "No article matches the filters. Widen the date range or clear the search.": (
        "لا مقال يطابق عوامل التصفية. وسّع المدى الزمني أو امسح البحث."
    ),
    "Largest topics": "أكبر المواضيع",
    "Most mentioned entities": "أكثر الكيانات ذكراً",
    "Articles per day": "المقالات في اليوم",
    "Articles per week": "المقالات في الأسبوع",
    "Articles per month": "المقالات في الشهر",
    # coverage
    "Split by": "التقسيم حسب",
    "Outlet": "المنفذ",
    "Topic": "الموضوع",
    "Keyword queries": "استعلامات الكلمات",
    "Share of all coverage": "الحصة من كل التغطية",
    "A dotted end marks the last period, which the data does not cover to its end.": (
        "النهاية المنقطة تدل على الفترة الأخيرة التي لا تغطيها البيانات حتى نهايتها."
    ),
    "Nothing to chart: no article matches the filters and queries.": (
        "لا شيء للرسم: لا مقال يطابق عوامل التصفية والاستعلامات."
    ),
    "Up to 5 queries, one per line": "حتى 5 استعلامات، واحد في كل سطر",
    'Each line is one series: words must all appear; "phrase"; -word; OR.': (
        'كل سطر سلسلة: يجب أن تظهر كل الكلمات؛ "عبارة"؛ -كلمة؛ OR.'
    ),
    "Coverage by outlet": "التغطية حسب المنفذ",
    "Coverage by topic": "التغطية حسب الموضوع",
    "Coverage by query": "التغطية حسب الاستعلام",
    "share of all articles": "الحصة من كل المقالات",
    "Click a point to list its articles; draw a box to narrow every view to its dates.": (
        "انقر نقطة لعرض مقالاتها؛ ارسم مستطيلاً لتضييق كل العروض على تواريخه."
    ),
    "Narrow every view to {start} → {end}": "ضيّق كل العروض إلى {start} ← {end}",
    # explore
    "Columns": "الأعمدة",
    "articles match the filters.": "مقالاً تطابق عوامل التصفية.",
}


def translate(text: str, lang: str) -> str:
    """``text`` (an English label) in language ``lang``."""
    if lang == "ar":
        return ARABIC.get(text, text)
    return text
