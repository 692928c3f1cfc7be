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
    "Compare": "مقارنة",
    "Share of all coverage": "الحصة من كل التغطية",
    "A dotted end marks the last period, which the data does not cover to its end.": (
        "النهاية المنقطة تدل على الفترة الأخيرة التي لا تغطيها البيانات حتى نهايتها."
    ),
    "Nothing to chart: no article matches the filters and queries.": (
        "لا شيء للرسم: لا مقال يطابق عوامل التصفية والاستعلامات."
    ),
    "Compared series (up to 5)": "السلاسل المقارَنة (حتى 5)",
    "Add a series below": "أضف سلسلة أدناه",
    "Series type": "نوع السلسلة",
    "Keyword query": "استعلام كلمات",
    "Add series": "أضف السلسلة",
    "Coverage by outlet": "التغطية حسب المنفذ",
    "Coverage by topic": "التغطية حسب الموضوع",
    "Coverage compared": "مقارنة التغطية",
    "share of all articles": "الحصة من كل المقالات",
    "Click a point to list its articles; draw a box to narrow every view to its dates.": (
        "انقر نقطة لعرض مقالاتها؛ ارسم مستطيلاً لتضييق كل العروض على تواريخه."
    ),
    "Narrow every view to {start} → {end}": "ضيّق كل العروض إلى {start} ← {end}",
    "Clear chart selection": "امسح تحديد الرسم",
    "Forget the chart selection and restore the date range it narrowed.": (
        "ينسى تحديد الرسم ويعيد المدى الزمني الذي ضيّقه."
    ),
    "Chart images": "صور الرسوم",
    "The camera button in each chart's toolbar saves the chart in this format.": (
        "زر الكاميرا في شريط أدوات كل رسم يحفظه بهذه الصيغة."
    ),
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
    # your corpus: upload, column mapping, build, corpus picker
    "CSV, TSV, JSON, JSON Lines, Parquet, Excel, text or HTML pages, gzip'd or zipped, up "
    "to {mb} MB in all. The files are read in a private temporary folder and deleted right "
    "after.": (
        "CSV أو TSV أو JSON أو JSON Lines أو Parquet أو Excel أو صفحات نصية أو HTML، مضغوطة "
        "بـ gzip أو zip أو لا، حتى {mb} ميغابايت في المجموع. تُقرأ الملفات في مجلد مؤقت خاص "
        "وتُحذف بعد قراءتها مباشرة."
    ),
    "Corpus files": "ملفات المدونة",
    "{n} file(s) or part(s) could not be read:": "تعذّرت قراءة {n} من الملفات أو أجزائها:",
    "{n} warning(s):": "تنبيهات ({n}):",
    "⬇ Ingest report (JSON)": "⬇ تقرير القراءة (JSON)",
    "Map columns": "مطابقة الأعمدة",
    "Which column of your tables holds each field: recognised by name, or chosen here. The "
    "choice applies to every table uploaded; text and HTML pages need none.": (
        "أي عمود في جداولك يحمل كل حقل: يُتعرّف عليه من اسمه أو تختاره هنا. ينطبق الاختيار على "
        "كل جدول مرفوع؛ ولا تحتاجه الصفحات النصية وصفحات HTML."
    ),
    "Title": "العنوان",
    "Body text (required)": "نص الخبر (مطلوب)",
    "Date (required)": "التاريخ (مطلوب)",
    "URL": "الرابط",
    "Tags": "الوسوم",
    "— not used —": "— غير مستخدم —",
    "Read again with this mapping": "أعد القراءة بهذه المطابقة",
    "Build this corpus": "ابنِ هذه المدونة",
    "The build runs in its own process: keep using the dashboard meanwhile; it goes on if you "
    "close this tab. The uploaded files are deleted as soon as it has read them.": (
        "يجري البناء في عملية مستقلة: تابع استخدام اللوحة في أثنائه، ويستمر إن أغلقت هذه "
        "الصفحة. تُحذف الملفات المرفوعة حالما يقرؤها."
    ),
    "Corpus name": "اسم المدونة",
    "Lower-case Latin letters, digits, - and _; it names the corpus in the sidebar.": (
        "حروف لاتينية صغيرة وأرقام و- و_؛ به تُسمّى المدونة في الشريط الجانبي."
    ),
    "A corpus named {name} exists: replace it (it is served until the new one is built)": (
        "توجد مدونة باسم {name}: استبدلها (تبقى معروضة حتى يكتمل بناء الجديدة)"
    ),
    "Building {name}… {seconds} s": "جارٍ بناء {name}… {seconds} ث",
    "Built {name} in {seconds} s": "بُنيت {name} في {seconds} ث",
    "The build of {name} failed": "فشل بناء {name}",
    "Reading and cleaning": "القراءة والتنظيف",
    "Embedding": "التضمين",
    "Writing the corpus": "كتابة المدونة",
    "Another build of this corpus is running: wait for it, or choose another name.": (
        "يجري بناء آخر لهذه المدونة: انتظر انتهاءه أو اختر اسماً آخر."
    ),
    "The build stopped; nothing was changed. Why:": "توقف البناء ولم يتغير شيء. السبب:",
    "Open {name}": "افتح {name}",
    "Corpus": "المدونة",
    "{name} (not built)": "{name} (غير مبنية)",
    "{name} · {articles:,} articles · {date}": "{name} · {articles:,} مقالاً · {date}",
    "No corpus named {name} is built here; showing the default one.": (
        "لا مدونة مبنية هنا باسم {name}؛ تُعرض المدونة الافتراضية."
    ),
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
    # article reader
    "Article reader": "قارئ المقالات",
    "Read the article": "اقرأ المقال",
    "person": "شخص",
    "organisation": "مؤسسة",
    "place": "مكان",
    "other": "أخرى",
    "Original source": "المصدر الأصلي",
    "Original page": "الصفحة الأصلية",
    "Show removed text": "إظهار النص المحذوف",
    "Removed by cleaning: page furniture, date stubs, embedded posts and tag lines.": (
        "ما حذفه التنظيف: عناصر الصفحة المتكررة وتواريخ الروابط والمنشورات المضمّنة وسطور الوسوم."
    ),
    "Nothing was removed from this article.": "لم يُحذف شيء من هذا المقال.",
    "Entities in this article": "الكيانات في هذا المقال",
    "No entity found in this article.": "لم يُعثر على كيان في هذا المقال.",
    "Same story at other outlets": "القصة نفسها في منافذ أخرى",
    "No other outlet ran this story within {days} days.": (
        "لم ينشر أي منفذ آخر هذه القصة خلال {days} أيام."
    ),
    "first": "الأول",
    "{hours} h later": "بعد {hours} ساعة",
    "similarity {score}": "التشابه {score}",
    "Nothing similar among the filtered articles.": "لا مقال مشابه ضمن المقالات المصفّاة.",
    # explore
    "Columns": "الأعمدة",
    "articles match the filters.": "مقالاً تطابق عوامل التصفية.",
}


def translate(text: str, lang: str) -> str:
    """``text`` (an English label) in language ``lang``."""
    if lang == "ar":
        return ARABIC.get(text, text)
    return text
