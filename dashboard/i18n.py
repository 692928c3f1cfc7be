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
    "Choose options": "اختر",
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
    # entities, similar, search, upload
    "Best matches": "أفضل النتائج",
    "Duplicates": "المكررات",
    "Example article (choose another on the Similar articles page)": (
        "مقال مثال (اختر غيره من صفحة المقالات المشابهة)"
    ),
    "Its articles": "مقالاته",
    "Loaded": "حُمّلت",
    "Loaded articles": "المقالات المحمّلة",
    "Mentioned with": "يُذكر مع",
    "Minimum articles shared by a pair": "أدنى عدد من المقالات المشتركة بين زوج",
    "Near-duplicates (loaded)": "شبه المكررات (محمّلة)",
    "Neighbours": "الجيران",
    "No article is that close: lower the threshold.": "لا مقال بهذا القرب: اخفض العتبة.",
    "No article matches the filters.": "لا مقال يطابق عوامل التصفية.",
    "No entity found in the filtered articles.": "لم يُعثر على كيان في المقالات المصفّاة.",
    "No entity matches the search.": "لا كيان يطابق البحث.",
    "No pair of the top entities meets the minimum support.": (
        "لا زوج من أبرز الكيانات يبلغ الحد الأدنى من الدعم."
    ),
    "None.": "لا شيء.",
    "None: every record was loaded or is a duplicate of a loaded one.": (
        "لا شيء: كل سجل حُمّل أو هو تكرار لسجل محمّل."
    ),
    "Nothing could be read from these files.": "تعذّرت قراءة أي شيء من هذه الملفات.",
    "Pairs": "الأزواج",
    "Reading the files…": "جارٍ قراءة الملفات…",
    "Records read": "السجلات المقروءة",
    "Rejected": "المرفوضة",
    "Rejected records": "السجلات المرفوضة",
    "Search and attention": "البحث والاهتمام",
    "Search entities": "ابحث في الكيانات",
    "Share of outlet": "الحصة من المنفذ",
    "Type a query to search the articles under the current filters.": (
        "اكتب استعلاماً للبحث في المقالات ضمن عوامل التصفية الحالية."
    ),
    "Upload a corpus": "رفع مدونة",
    "What's rising": "ما الذي يصعد",
    "Search by": "البحث حسب",
    "Text": "نص",
    "Example article": "مقال مثال",
    "Query, Arabic or English (words and meaning both count)": (
        "الاستعلام، بالعربية أو الإنجليزية (تُحسب الكلمات والمعنى معاً)"
    ),
    "Similarity threshold for attention": "عتبة التشابه للاهتمام",
    "Similarity of every filtered article": "تشابه كل مقال مصفّى",
    "Attention over time, by outlet": "الاهتمام عبر الزمن، حسب المنفذ",
    "Article (the 500 most recent under the filters; narrow them with the search box)": (
        "المقال (أحدث 500 ضمن عوامل التصفية؛ ضيّقها بمربع البحث)"
    ),
    "Meaning + shared words": "المعنى + الكلمات المشتركة",
    "Who published first, who followed": "من نشر أولاً ومن تبعه",
    "Share of all articles per period": "الحصة من كل المقالات في الفترة",
    "Largest topics over time (dotted: incomplete period)": (
        "أكبر المواضيع عبر الزمن (المنقط: فترة غير مكتملة)"
    ),
    "Articles by topic": "المقالات حسب الموضوع",
    "Topic hierarchy": "تسلسل المواضيع",
    "Share of each outlet's articles per topic": "حصة كل منفذ من مقالاته حسب الموضوع",
    "Most mentioned": "الأكثر ذكراً",
    "Co-occurrence (edge width = NPMI)": "الظهور المشترك (سُمك الوصلة = NPMI)",
    "Articles shared by the most mentioned entities": "المقالات المشتركة بين أكثر الكيانات ذكراً",
    "Entity": "الكيان",
    # explore
    "Columns": "الأعمدة",
    "articles match the filters.": "مقالاً تطابق عوامل التصفية.",
}


def translate(text: str, lang: str) -> str:
    """``text`` (an English label) in language ``lang``."""
    if lang == "ar":
        return ARABIC.get(text, text)
    return text
