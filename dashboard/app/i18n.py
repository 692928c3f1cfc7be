"""Interface language: Arabic (right-to-left, the default) and English.

Labels are written in English in the code and looked up here; an English label
with no Arabic entry shows as it is, so a missing translation is visible, not fatal
(tests/test_arabic_ui.py fails on it). Also here: bidi isolates for composing Arabic
with ids, numbers and Latin names; dates, durations and digits in either language;
and a one-line, plain-language help for every score the dashboard shows.

>>> translate("Overview", "ar")
'نظرة عامة'
>>> translate("Overview", "en")
'Overview'
"""

from __future__ import annotations

import re
from datetime import datetime

from dashboard.text.dates import MONTH_NAMES

LANGUAGES = {"ar": "العربية", "en": "English"}
DEFAULT = "ar"

ARABIC = {
    # navigation and page titles
    "Overview": "نظرة عامة",
    "Coverage over time": "التغطية عبر الزمن",
    "Topics": "المواضيع",
    "Entities": "الكيانات",
    "Word and letter index": "فهرس الكلمات والحروف",
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
    "Choose files": "اختر الملفات",
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
    "Co-occurrence (edge width = NPMI)": "الظهور المشترك (سُمك الوصلة = قوة الارتباط)",
    "other outlets": "منافذ أخرى",
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
    "first": "الأول",
    "{hours} h later": "بعد {hours} ساعة",
    "similarity {score}": "التشابه {score}",
    "Nothing similar among the filtered articles.": "لا مقال مشابه ضمن المقالات المصفّاة.",
    # coverage numbers: shares, gaps, crawl dates, drill-down lists, rising support
    (
        "Whole words, with و ف ب ل ك ال بال لل in front allowed; word* for words that start so; "
        '"quoted phrase" for words in order; words side by side must all appear (AND); OR between '
        "alternatives; NOT or -word excludes; parentheses group. أو and و are words."
    ): (
        "كلمات كاملة، ويُقبل قبلها و ف ب ل ك ال بال لل؛ كلمة* للكلمات التي تبدأ بها؛ "
        '"عبارة بين علامتي تنصيص" لكلمات متتالية؛ الكلمات المتجاورة يجب أن تظهر كلها (AND)؛ '
        "OR بين البدائل؛ NOT أو -كلمة للاستبعاد؛ الأقواس للتجميع. «أو» و«و» كلمات عادية."
    ),
    "other topics": "مواضيع أخرى",
    "no articles collected": "لم تُجمع مقالات",
    "Share = the series' articles / all articles that pass the same filters except the "
    "keyword query (dates, outlets, topics), in that period.": (
        "الحصة = مقالات السلسلة ÷ كل المقالات التي تمر بعوامل التصفية نفسها ما عدا نص البحث "
        "(التواريخ والمنافذ والمواضيع) في تلك الفترة."
    ),
    "× marks a period in which the filtered collection has no article: no articles collected.": (
        "× تعلّم فترة لا مقال فيها ضمن المجموعة المصفّاة: لم تُجمع مقالات."
    ),
    "Compared series use the sidebar's dates, outlets and topics, not its keyword query: "
    "each series is its own query.": (
        "تستخدم السلاسل المقارنة تواريخ الشريط الجانبي ومنافذه ومواضيعه دون نص بحثه: "
        "كل سلسلة استعلام قائم بذاته."
    ),
    "Outlets or topics beyond the largest {top} are one series, so the lines add up.": (
        "ما بعد أكبر {top} منافذ أو مواضيع سلسلة واحدة، فتجتمع الخطوط إلى المجموع."
    ),
    "Dates are crawl times for {share} of articles, not publication times.": (
        "التواريخ أوقات جمع وليست أوقات نشر في {share} من المقالات."
    ),
    "Click a point to list its articles; draw a box to list the articles of its days.": (
        "انقر نقطة لعرض مقالاتها؛ ارسم مربعاً لعرض مقالات أيامه."
    ),
    "No article here.": "لا مقال هنا.",
    "Sort": "الترتيب",
    "Newest": "الأحدث",
    "Oldest": "الأقدم",
    "Page": "الصفحة",
    "{shown} of {total} articles (page {page} of {pages})": (
        "{shown} من {total} مقالاً (الصفحة {page} من {pages})"
    ),
    "Days with at least one article, from {first} to {last}": (
        "الأيام التي فيها مقال واحد على الأقل، من {first} إلى {last}"
    ),
    "Only topics with at least {now} articles in the period and {before} over the "
    "preceding periods are listed.": (
        "لا تُدرج إلا المواضيع التي لها {now} مقالات على الأقل في الفترة "
        "و{before} في الفترات السابقة."
    ),
    "{n} articles, {before} before": "{n} مقالاً، و{before} قبلها",
    # explore
    "Columns": "الأعمدة",
    "articles match the filters.": "مقالاً تطابق عوامل التصفية.",
    # words inside charts
    "incomplete period": "فترة غير مكتملة",
    "weight in the topic": "الوزن في الموضوع",
    "mentions": "ذِكراً",
    "similarity": "التشابه",
    "distance in meaning between topics": "المسافة في المعنى بين المواضيع",
    "of the outlet's articles": "من مقالات المنفذ",
    "burst": "القفزة",
    "share": "الحصة",
    "before": "قبلها",
    "shared articles": "مقالات مشتركة",
    "matches the query": "يطابق الاستعلام",
    "All articles": "كل المقالات",
    # table headers
    "id": "المعرّف",
    "published_at": "تاريخ النشر",
    "outlet": "المنفذ",
    "title": "العنوان",
    "topic": "الموضوع",
    "topic_label": "اسم الموضوع",
    "tags": "الوسوم",
    "url": "الرابط",
    "body": "النص",
    "label": "الاسم",
    "keywords": "الكلمات المميِّزة",
    "trend": "الاتجاه",
    "period": "الفترة",
    "series": "السلسلة",
    "count": "العدد",
    "partial": "فترة غير مكتملة",
    "total": "كل المقالات",
    "gap": "لم تُجمع مقالات",
    "entity": "الكيان",
    "type": "النوع",
    "source": "الكيان الأول",
    "target": "الكيان الثاني",
    "npmi": "قوة الارتباط",
    "lift": "الرفع",
    "score": "الدرجة",
    "order": "الترتيب",
    "lag_hours": "التأخر (ساعات)",
    "reason": "السبب",
    "records": "السجلات",
    "duplicate_of": "تكرار لـ",
    "source_file": "الملف",
    "source_row": "الصف",
    "near_duplicate_of": "شبه تكرار لـ",
    "mean_score": "متوسط التشابه",
    "baseline": "الحصة المعتادة",
    "share per {frequency}": "الحصة لكل {frequency}",
    "The words that set the topic apart from the others.": "الكلمات التي تميّز الموضوع عن غيره.",
    # tabs
    "Network": "الشبكة",
    "Matrix": "المصفوفة",
    "Tables": "الجداول",
    "Topic list": "قائمة المواضيع",
    "Over time": "عبر الزمن",
    "Document map": "خريطة المقالات",
    "Hierarchy": "التسلسل",
    "By outlet": "حسب المنفذ",
    # sidebar, notices, what's rising
    "Arabic-Indic digits (٠١٢٣)": "أرقام عربية مشرقية (٠١٢٣)",
    "This link was made on corpus build {made_on}; the corpus has been rebuilt since (now "
    "{current}). Figures may differ from what was shared.": (
        "صُنع هذا الرابط على بناء المدونة {made_on}؛ وأُعيد بناؤها منذ ذلك (البناء الحالي "
        "{current}). قد تختلف الأرقام عمّا شورك."
    ),
    "No topic rose above its usual share in the latest complete period.": (
        "لم يرتفع أي موضوع فوق حصته المعتادة في آخر فترة مكتملة."
    ),
    "Topics whose share of all articles in the {frequency} of {date} jumped above their "
    "share in the preceding periods.": (
        "مواضيع قفزت حصتها من كل المقالات في {frequency} {date} فوق حصتها في الفترات السابقة."
    ),
    "Burst: ": "القفزة: ",
    "{now} against {before} before": "{now} مقابل {before} قبلها",
    "{n} articles": "{n} مقالاً",
    # overview
    "of {total} in the corpus": "من أصل {total} في المدونة",
    # entities
    "Edge width: ": "سُمك الوصلة: ",
    "{type} · {articles} articles · {mentions} mentions": (
        "{type} · {articles} مقالاً · {mentions} ذِكراً"
    ),
    "Articles mentioning it, by outlet": "المقالات التي تذكره، حسب المنفذ",
    "Its articles that also mention …": "من مقالاته، تلك التي تذكر أيضاً …",
    "Score: ": "الدرجة: ",
    "Pairs seen in few articles are pulled towards 0.": (
        "الأزواج التي تظهر في مقالات قليلة تُقرَّب درجتها نحو الصفر."
    ),
    "Count: articles mentioning both.": "العدد: المقالات التي تذكر الاثنين.",
    "Lift: ": "الرفع: ",
    "Association: ": "قوة الارتباط: ",
    # topics
    "{topics} topics; {share} of articles in no topic.": (
        "عدد المواضيع {topics}؛ و{share} من المقالات خارج كل موضوع."
    ),
    "Articles in no topic were moved to their nearest topic when their similarity to it was "
    "at least {threshold}.": (
        "نُقلت المقالات التي لا موضوع لها إلى أقرب موضوع إليها متى بلغ تشابهها معه {threshold} "
        "على الأقل."
    ),
    "Fitted on a sample of {fitted} articles; the other {rest} were assigned to the nearest "
    "topic.": "بُنيت المواضيع على عينة من {fitted} مقالاً، ثم أُسند الباقي ({rest}) إلى أقرب موضوع.",
    "Keywords (c-TF-IDF)": "الكلمات المميِّزة للموضوع",
    "Weight: ": "الوزن: ",
    "Outlets: ": "المنافذ: ",
    "**Representative articles** (closest to the topic's centre)": (
        "**مقالات ممثِّلة** (الأقرب إلى مركز الموضوع)"
    ),
    "Share of all articles": "الحصة من كل المقالات",
    "This corpus has no topics: it is too small for topic modelling.": (
        "لا مواضيع في هذه المدونة: هي أصغر من أن تُستخرج منها مواضيع."
    ),
    "A hierarchy needs at least two topics.": "يحتاج التسلسل إلى موضوعين على الأقل.",
    "No article of this selection is on the map (the map is a sample).": (
        "لا مقال من هذا الاختيار على الخريطة (الخريطة عيّنة)."
    ),
    "{n} articles of the selection are not on it: the map places a sample of the"
    " build's articles, and none added since.": (
        "ليس عليها {n} من مقالات الاختيار: تضع الخريطة عيّنة من مقالات البناء، ولا تضع"
        " شيئًا مما أُضيف بعده."
    ),
    # document map
    "Colour by": "التلوين حسب",
    "Date": "التاريخ",
    "Mark the articles that match": "علّم المقالات المطابقة لـ",
    "{n} articles on the map.": "{n} مقالاً على الخريطة.",
    "{n} match the query (open rings).": "{n} منها يطابق الاستعلام (الحلقات المفرغة).",
    "Click an article to read it; draw a box or a lasso to list the articles in it.": (
        "انقر مقالاً لقراءته؛ ارسم مستطيلاً أو حبلاً حول مقالات لعرضها في قائمة."
    ),
    "Articles by meaning": "المقالات حسب المعنى",
    "{n} articles in the selection": "{n} مقالاً في التحديد",
    # similar, search, reader, upload
    "On: closeness in meaning and in shared words, averaged. Off: closeness in meaning alone.": (
        "مفعّل: متوسط القرب في المعنى والقرب في الكلمات المشتركة. معطّل: القرب في المعنى وحده."
    ),
    "The same story at {n} outlets": "القصة نفسها في {n} من المنافذ",
    "{n} articles within {days} days at similarity of at least {threshold}; first: {outlet} "
    "({when}).": (
        "{n} مقالاً خلال {days} أيام بتشابه {threshold} على الأقل؛ الأول: {outlet} ({when})."
    ),
    "Most similar (meaning and shared words)": "الأكثر تشابهاً (المعنى والكلمات المشتركة)",
    "Most similar (meaning)": "الأكثر تشابهاً (المعنى)",
    "An article counts when its similarity to the query is at least this.": (
        "يُحتسب المقال متى بلغ تشابهه مع الاستعلام هذا الحد على الأقل."
    ),
    "Of each outlet's articles": "من مقالات كل منفذ",
    "{n} articles at similarity of at least {threshold}.": (
        "{n} مقالاً بتشابه {threshold} على الأقل."
    ),
    "Click a point to read its articles.": "انقر نقطة لقراءة مقالاتها.",
    "The same story, as each outlet ran it": "القصة نفسها كما نشرها كل منفذ",
    "No other article ran this story within {days} days.": (
        "لم يُنشر مقال آخر عن هذه القصة خلال {days} أيام."
    ),
    "the same outlet again": "المنفذ نفسه مرة أخرى",
    "{seconds} s": "{seconds} ث",
    # serving: links, errors, permissions
    "This link is too long ({chars:,} characters; at most {most:,}): showing the default "
    "view. Share long views with a short link (in the sidebar).": (
        "هذا الرابط أطول من اللازم ({chars:,} حرفاً؛ الحد {most:,}): يُعرض العرض الافتراضي. "
        "شارك العروض الطويلة برابط قصير (في الشريط الجانبي)."
    ),
    "Short links are unavailable here just now.": "الروابط القصيرة غير متاحة هنا الآن.",
    "This view is too large for a short link; the address bar holds its link.": (
        "هذا العرض أكبر من أن يُختصر في رابط قصير؛ شريط العنوان يحمل رابطه."
    ),
    "Part of this link was not understood and is ignored: {names}": (
        "جزء من هذا الرابط لم يُفهم فتُرك: {names}"
    ),
    "Something went wrong on this page (error {id}). Try another view; the details are in "
    "the server log.": (
        "حدث خطأ في هذه الصفحة (رمز الخطأ {id}). جرّب عرضاً آخر؛ التفاصيل في سجل الخادم."
    ),
    "This dashboard is read-only: uploading and building corpora is turned off here.": (
        "هذه اللوحة للقراءة فقط: رفع المدونات وبناؤها معطّل هنا."
    ),
    "Editor token": "رمز المحرّر",
    "The topic model of this corpus is missing: its topics are shown as built, "
    "but adding articles to it needs a rebuild (python -m dashboard build).": (
        "نموذج المواضيع لهذه المدونة مفقود: تُعرض مواضيعها كما بُنيت، لكن إضافة مقالات "
        "إليها تتطلب إعادة بنائها."
    ),
    "This editor token is not valid.": "رمز المحرّر هذا غير صالح.",
    # Captioned exports: what a download or chart image says of where it comes from.
    "Marsad": "مرصد",
    "Dates": "التواريخ",
    "Build": "البناء",
    "Exported": "تاريخ التصدير",
    "Link to the view": "رابط العرض",
    "About": "عن البيانات",
    "all dates": "كل التواريخ",
    "all outlets": "كل المنافذ الإعلامية",
    "all topics": "كل المواضيع",
    "none": "لا شيء",
    "all articles": "كل المقالات",
    "raw": "السجل كما قُرئ",
    # What reading uploaded files reported (dashboard/app/reading_notes.py).
    "{file}: not valid JSON (nested more than {n} levels deep)": (
        "{file}: ليس JSON صالحاً (متداخل أكثر من {n} مستوى)"
    ),
    "{file}: not valid JSON (line {line}, column {column})": (
        "{file}: ليس JSON صالحاً (السطر {line}، العمود {column})"
    ),
    "{file}: not valid JSON": "{file}: ليس JSON صالحاً",
    "{file}: not a JSON array of records": "{file}: ليس مصفوفة JSON من السجلات",
    "{file}: required columns missing: {missing}; its columns: {found}. Map them below.": (
        "{file}: تنقصه أعمدة مطلوبة: {missing}؛ أعمدته: {found}. اربطها أدناه."
    ),
    "{file}: not a readable {kind} file": "{file}: ملف {kind} لا تمكن قراءته",
    "{file}: its header line cannot be read": "{file}: لا يمكن قراءة سطر العناوين فيه",
    "{file}: cannot be read": "{file}: لا يمكن قراءته",
    "{file}: the mapped column {column} is not in it": "{file}: العمود المربوط {column} ليس فيه",
    "The upload holds {size} MB, over the limit of {limit} MB: upload fewer or smaller files.": (
        "حجم المرفوع {size} ميغابايت، فوق الحد وهو {limit} ميغابايت: ارفع ملفات أقل أو أصغر."
    ),
    "Reading the files needed more than {limit} MB of memory (the limit): upload fewer or "
    "smaller files.": (
        "احتاجت قراءة الملفات أكثر من {limit} ميغابايت من الذاكرة (الحد): ارفع ملفات أقل أو أصغر."
    ),
    "Reading the files was stopped, perhaps at its memory limit.": (
        "توقفت قراءة الملفات، ربما عند حد الذاكرة."
    ),
    "No file was uploaded.": "لم يُرفع أي ملف.",
    "{file} row {row}: hidden characters or markup removed": (
        "{file} السطر {row}: أُزيلت محارف خفية أو وسوم"
    ),
    "{file}: {n} more rows had text removed the same way": (
        "{file}: أُزيل الشيء نفسه من نص {n} سطراً آخر"
    ),
    "{file}: {n} NUL characters removed": "{file}: أُزيل {n} محرفاً فارغاً",
    "{file}: empty sheets skipped: {sheets}": "{file}: تُركت أوراق فارغة: {sheets}",
    "{file}: the text of {n} articles taken from the column {column}": (
        "{file}: أُخذ نص {n} مقالاً من العمود {column}"
    ),
    "{file}: see the reading report (JSON) for what was found": (
        "{file}: انظر تقرير القراءة (JSON) لمعرفة ما وُجد"
    ),
    "See the reading report (JSON) for what was found.": "انظر تقرير القراءة (JSON) لمعرفة ما وُجد.",
    "no title and no text": "بلا عنوان ولا نص",
    "empty text": "نص فارغ",
    "no date": "بلا تاريخ",
    "implausible date": "تاريخ غير معقول",
    "unreadable date": "تاريخ لا يُقرأ",
    "date after the crawl": "تاريخ بعد تاريخ الجمع",
    "rejected": "مرفوض",
    "⬇ About (JSON)": "⬇ عن البيانات (JSON)",
    "Where this table comes from (title, filters, corpus, build, date, link), for a CSV or "
    "JSON Lines download; Excel and Parquet files carry it inside.": (
        "مصدر هذا الجدول (العنوان والمرشحات والمدونة والبناء والتاريخ والرابط)، يُحفظ بجانب "
        "ملف CSV أو JSON Lines؛ أما ملفات Excel وParquet فتحمله في داخلها."
    ),
    # keyword in context (concordance) and attention by outlet
    "Keyword in context": "الكلمة في سياقها",
    "Word or phrase (the sidebar's search text)": "كلمة أو عبارة (نص البحث في الشريط الجانبي)",
    "Type a word or phrase to list every place it stands in the filtered articles.": (
        "اكتب كلمة أو عبارة لعرض كل موضع ترد فيه في المقالات المصفّاة."
    ),
    "Concordance": "السياقات",
    "Attention by outlet": "اهتمام كل منفذ",
    "Words each side": "عدد الكلمات في كل جانب",
    "Order": "الترتيب حسب",
    "Newest articles first": "الأحدث أولاً",
    "1st word before": "الكلمة الأولى قبلها",
    "2nd word before": "الكلمة الثانية قبلها",
    "1st word after": "الكلمة الأولى بعدها",
    "2nd word after": "الكلمة الثانية بعدها",
    "Only lines with (a keyword query over the line's words)": (
        "السطور التي فيها فقط (استعلام على كلمات السطر)"
    ),
    "{places} places in {articles} articles.": "{places} موضعاً في {articles} مقالاً.",
    "Lines are listed for the first {cap} places (newest articles first); the order and "
    "the line filter apply to those.": (
        "تُعرض السطور لأول {cap} موضع (الأحدث أولاً)؛ والترتيب وتصفية السطور تسري عليها."
    ),
    "No line to show: the query's words do not stand in these articles.": (
        "لا سطر لعرضه: كلمات الاستعلام لا ترد في هذه المقالات."
    ),
    "{shown} of {total} lines (page {page} of {pages})": (
        "{shown} من {total} سطراً (الصفحة {page} من {pages})"
    ),
    "Before": "ما قبلها",
    "Keyword": "الكلمة",
    "After": "ما بعدها",
    "Article": "المقال",
    "Words are the text's own, split at spaces; the context stops at the end of the title "
    "or the body. Each download holds every line listed, in this order.": (
        "الكلمات كما كُتبت في النص مفصولة بالمسافات؛ ويقف السياق عند نهاية العنوان أو المتن. "
        "وكل تنزيل يضم كل السطور المعروضة بهذا الترتيب."
    ),
    "No article passes the filters.": "لا مقال يجتاز عوامل التصفية.",
    "Share of each outlet's own articles that match the query": (
        "حصة المقالات المطابقة للاستعلام من مقالات كل منفذ"
    ),
    "Share = the outlet's articles that match the query / all of that outlet's articles "
    "that pass the same filters except the query, in the period.": (
        "الحصة = مقالات المنفذ المطابقة للاستعلام ÷ كل مقالات ذلك المنفذ التي تجتاز عوامل "
        "التصفية نفسها عدا الاستعلام، في الفترة."
    ),
    "A cross marks a period in which the outlet has no article at all: its line breaks "
    "there. A dotted end marks the last period, which the data does not cover to its end.": (
        "علامة × تدل على فترة لا مقال فيها للمنفذ إطلاقاً: ينقطع خطه عندها. والطرف المنقّط "
        "يدل على الفترة الأخيرة التي لا تغطيها البيانات حتى نهايتها."
    ),
    "The {top} outlets with the most matching articles are drawn; the tables list all.": (
        "تُرسم المنافذ الـ{top} الأكثر مقالات مطابقة؛ والجداول تضم كل المنافذ."
    ),
    "Over the whole view": "على امتداد العرض كله",
    "By period": "حسب الفترة",
    "matching": "المطابقة",
    "outlet_total": "كل مقالات المنفذ",
    "no articles from this outlet": "لا مقالات من هذا المنفذ",
    "of": "من",
    "article_id": "رقم المقال",
    "where": "الموضع",
    "left": "ما قبلها",
    "keyword": "الكلمة",
    "right": "ما بعدها",
    "Each outlet's share of its own articles is on the Keyword in context page, tab "
    "Attention by outlet.": (
        "حصة كل منفذ من مقالاته هو في صفحة «الكلمة في سياقها»، تبويب «اهتمام كل منفذ»."
    ),
    # who said what (quotes)
    "Who said what": "من قال ماذا",
    "Reported speech found by rules: a speech verb (قال، أكد، أعلن …) with its speaker and "
    "what follows إن/أن, a colon or quotation marks; or a quotation or a claim attributed "
    "with بحسب، وفق، نقلا عن. The speaker is linked to an entity of the article.": (
        "أقوال منقولة تُستخرج بقواعد: فعل قول (قال، أكد، أعلن …) مع قائله وما يلي إن/أن أو "
        "النقطتين أو علامات التنصيص؛ أو اقتباس أو خبر منسوب بـ بحسب، وفق، نقلا عن. ويُربط "
        "القائل بكيان من كيانات المقال."
    ),
    "Speaker": "القائل",
    "Words of the quote": "كلمات القول",
    "Finding who said what…": "جارٍ البحث عمّن قال ماذا…",
    "No quote matches.": "لا قول يطابق البحث.",
    "Quotes": "الأقوال",
    "Quotes linked to an entity": "أقوال مربوطة بكيان",
    "Speakers": "القائلون",
    "What it said": "ما قاله",
    "No quote of it was found in the filtered articles.": (
        "لم يُعثر له على قول في المقالات المصفّاة."
    ),
    "speaker": "القائل",
    "cue": "صيغة الإسناد",
    "quote": "القول",
    "quotes": "الأقوال",
    # words & framing: words and phrases of a query, distinctive words between two sets
    "Words & framing": "الكلمات والتأطير",
    "Words and phrases": "الكلمات والعبارات",
    "Distinctive words": "الكلمات المميِّزة",
    "Words": "الكلمات",
    "Two-word phrases": "عبارات من كلمتين",
    "Three-word phrases": "عبارات من ثلاث كلمات",
    "Count": "ما يُعَدّ",
    "Terms listed (on each side of a comparison)": (
        "عدد المصطلحات المعروضة (في كل جانب من المقارنة)"
    ),
    "{n} articles match the filters. Counted in their titles and bodies as cleaned, "
    "normalised; stopwords, numbers and single letters are left out, and a phrase never "
    "spans a left-out word; function words and adverbs (تم، بشكل، يمكن) are not listed, nor "
    "is a phrase that starts or ends with one. Articles: how many use the term; share: of "
    "the matching articles.": (
        "{n} مقالاً تطابق المرشحات. العدّ في عناوينها ونصوصها بعد التنظيف والتوحيد الإملائي؛ "
        "تُستبعد كلمات التوقف والأرقام والحروف المفردة، ولا تمتد عبارة فوق كلمة مستبعدة؛ "
        "ولا تُدرج الأدوات والظروف (تم، بشكل، يمكن) ولا عبارة تبدأ بإحداها أو تنتهي بها. "
        "المقالات: كم مقالاً يستعمل المصطلح؛ الحصة: من المقالات المطابقة."
    ),
    "No word to count in the filtered articles.": "لا كلمات تُعَدّ في المقالات المرشّحة.",
    "Click a bar to list the articles that use its word.": (
        "انقر عموداً لعرض المقالات التي تستعمل كلمته."
    ),
    "Articles using {word}": "المقالات التي تستعمل {word}",
    "Clear the word": "إلغاء اختيار الكلمة",
    "Set A": "المجموعة أ",
    "Set B": "المجموعة ب",
    "Any outlet": "أي منفذ",
    "From": "من",
    "To": "إلى",
    "Each set is the articles that pass the sidebar's filters and its own query, outlets "
    "and dates (empty: no condition).": (
        "كل مجموعة هي المقالات التي تجتاز مرشحات الشريط الجانبي واستعلامها ومنافذها "
        "وتواريخها الخاصة (الحقل الفارغ لا يشترط شيئاً)."
    ),
    "The rest: every filtered article not in set A": "الباقي: كل مقال مرشّح ليس في المجموعة أ",
    "Weight of the prior (alpha0)": "وزن التوزيع المسبق",
    "The prior is the two sets' pooled word counts scaled to this total: a larger one pulls "
    "rare words' scores further towards 0.": (
        "التوزيع المسبق هو أعداد كلمات المجموعتين معاً مُحجَّمةً إلى هذا المجموع: كلما كبر "
        "اقتربت درجات الكلمات النادرة أكثر من الصفر."
    ),
    "Set A: {a} articles; set B: {b} articles.": "المجموعة أ: {a} مقالاً؛ المجموعة ب: {b} مقالاً.",
    "Both sets need articles: widen a set's query, outlets or dates.": (
        "تحتاج المجموعتان إلى مقالات: وسّع استعلام إحداهما أو منافذها أو تواريخها."
    ),
    "The two sets hold too few words to compare.": "في المجموعتين كلمات أقل من أن تُقارن.",
    "Set A and set B are the same articles: give one a query, outlets or dates.": (
        "المجموعتان أ وب هما المقالات نفسها: أعطِ إحداهما استعلاماً أو منافذ أو تواريخ."
    ),
    "Weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and "
    "Quinn, {year}). z-score: how far a word leans to one set beyond what chance would give; "
    "beyond {limit} is unlikely by chance alone. Click a bar to list the articles of each "
    "set that use its word.": (
        "نسبة الأرجحية اللوغاريتمية الموزونة مع توزيع ديريشليه مسبق مستنير (مونرو وكولاريسي "
        "وكوين، {year}). الدرجة المعيارية: مقدار ميل الكلمة إلى إحدى المجموعتين فوق ما "
        "تعطيه الصدفة؛ ما تجاوز {limit} يندر أن يكون بالصدفة وحدها. انقر عموداً لعرض "
        "مقالات كل مجموعة التي تستعمل كلمته."
    ),
    "occurrences": "مرة",
    "z-score": "الدرجة المعيارية",
    "term": "المصطلح",
    "words": "عدد الكلمات",
    "side": "المجموعة",
    "z": "الدرجة المعيارية",
    "delta": "فرق لوغاريتم الأرجحية",
    "count_a": "العدد في أ",
    "count_b": "العدد في ب",
    "articles_a": "المقالات في أ",
    "articles_b": "المقالات في ب",
    # collections, saved queries and timeline events
    "Collections & events": "المجموعات والأحداث",
    "Outlet collections": "مجموعات المنافذ",
    "Saved queries": "الاستعلامات المحفوظة",
    "Timeline events": "أحداث الخط الزمني",
    "Outlet collection": "مجموعة منافذ",
    "Set the outlets to a collection": "اجعل المنافذ منافذَ مجموعة",
    "Outlets set to the collection {name}.": "صارت المنافذ منافذَ المجموعة {name}.",
    "{name}: {n} of its outlets are not in this corpus.": (
        "{name}: {n} من منافذها ليست في هذه المدونة."
    ),
    "Saved query": "استعلام محفوظ",
    "Search with a saved query": "ابحث باستعلام محفوظ",
    "Puts the query's aliases, joined by OR, in the search box.": (
        "يضع أسماء الاستعلام البديلة، موصولةً بـ OR، في خانة البحث."
    ),
    "Its aliases joined by OR; the link keeps the query as it is now.": (
        "أسماؤه البديلة موصولةً بـ OR؛ ويحفظ الرابط الاستعلام كما هو الآن."
    ),
    "Collections are unavailable here just now.": "المجموعات غير متاحة هنا الآن.",
    "Timeline events are unavailable here just now.": "أحداث الخط الزمني غير متاحة هنا الآن.",
    "Collections and saved queries are shared by everyone who uses this dashboard; a link "
    "holds the outlets and query they stand for, so it shows the same view after they "
    "change. Timeline events belong to the corpus; a link keeps the events it showed.": (
        "المجموعات والاستعلامات المحفوظة مشتركة بين كل من يستخدم هذه اللوحة؛ ويحمل الرابط "
        "المنافذ والاستعلام اللذين تمثلهما، فيُظهر العرض نفسه بعد تغييرها. أما أحداث الخط "
        "الزمني فتخص المدونة، ويحفظ الرابط الأحداث التي أظهرها."
    ),
    "This dashboard is read-only: only editors add, change or delete collections and events.": (
        "هذه اللوحة للقراءة فقط: المحرّرون وحدهم يضيفون المجموعات والأحداث أو يغيّرونها أو يحذفونها."
    ),
    "None yet.": "لا شيء بعد.",
    "Download as JSON": "تنزيل بصيغة JSON",
    "Import a JSON file": "استيراد ملف JSON",
    "Import": "استيراد",
    "Choose a file first.": "اختر ملفاً أولاً.",
    "Imported: {added} new, {replaced} replaced.": "استُورد: {added} جديدة، و{replaced} استُبدلت.",
    "Add or replace": "إضافة أو استبدال",
    "Name": "الاسم",
    "Aliases, one per line": "الأسماء البديلة، واحد في كل سطر",
    "Each alias is a phrase (a trailing * asks for words that start so); the saved query "
    "finds the articles that use any of them.": (
        "كل اسم بديل عبارة (ونجمة * في آخره تطلب الكلمات التي تبدأ به)؛ ويجد الاستعلام "
        "المحفوظ المقالات التي تستعمل أياً منها."
    ),
    "Save": "حفظ",
    "Saved: {name}.": "حُفظت: {name}.",
    "Delete": "حذف",
    "Deleted: {name}.": "حُذفت: {name}.",
    "Collection": "المجموعة",
    "name": "الاسم",
    "items": "العناصر",
    "in this corpus": "في هذه المدونة",
    "query": "الاستعلام",
    "date": "التاريخ",
    "event": "الحدث",
    "link": "الرابط",
    "Every time chart marks these dates with a dashed line and the label.": (
        "كل رسم زمني يعلّم هذه التواريخ بخط متقطع وعنوان الحدث."
    ),
    "This link shows the events as they were when it was made ({shown}); the corpus has "
    "{now} now.": "يُظهر هذا الرابط الأحداث كما كانت حين صُنع ({shown})؛ وللمدونة الآن {now}.",
    "Show the current events": "أظهر الأحداث الحالية",
    "The timeline events are updated.": "حُدّثت أحداث الخط الزمني.",
    "Add an event": "إضافة حدث",
    "The corpus runs from {first} to {last}.": "تمتد المدونة من {first} إلى {last}.",
    "Label": "العنوان",
    # A web address's scheme is isolated left to right: "https://" before a closing bracket
    # or an Arabic word otherwise read "//:https"; as code, a label does not make it a link.
    "Link (optional, http or https)": "الرابط (اختياري، يبدأ بـ \u2066`https://`\u2069)",
    "Add the event": "أضف الحدث",
    "Remove events": "إزالة أحداث",
    "Events": "الأحداث",
    "Remove": "إزالة",
    "Entry {n} of the file": "المدخل {n} في الملف",
    "Alias": "الاسم البديل",
    "Aliases": "الأسماء البديلة",
    "Items": "العناصر",
    "Kind": "النوع",
    "Link": "الرابط",
    "Empty: write at least one letter.": "فارغ: اكتب حرفاً واحداً على الأقل.",
    "Too long: {size} characters; at most {most}.": "طويل جداً: {size} حرفاً؛ والحد {most}.",
    "It holds an invisible control character (U+{code}).": "فيه محرف تحكم خفي ({code}).",
    "It cannot hold =, which links put after the name.": (
        "لا يجوز أن يحوي =، فالروابط تضعها بعد الاسم."
    ),
    'It cannot hold a double quote (").': 'لا يجوز أن يحوي علامة تنصيص (").',
    "It holds no word.": "لا كلمة فيه.",
    "Unknown kind of collection {kind}: outlets or query.": (
        "نوع مجموعة غير معروف {kind}: منافذ أو استعلام."
    ),
    "Not a list of texts.": "ليست قائمة نصوص.",
    "Nothing to save: give at least one.": "لا شيء للحفظ: أعطِ واحداً على الأقل.",
    "{size} of them; at most {most}.": "عددها {size}؛ والحد {most}.",
    "Together they make a query of {size} characters; at most {most}.": (
        "تصنع معاً استعلاماً من {size} حرفاً؛ والحد {most}."
    ),
    "The collections database {db} cannot be used ({error}); move it away and a new one is "
    "made on the next change.": (
        "لا يمكن استعمال قاعدة بيانات المجموعات {db} ({error})؛ انقلها من مكانها فتُنشأ "
        "قاعدة جديدة عند التغيير التالي."
    ),
    "There are {most} collections already: delete some first.": (
        "هناك {most} مجموعة بالفعل: احذف بعضها أولاً."
    ),
    "The import would make {size} collections; at most {most}: nothing was imported.": (
        "سيجعل الاستيراد المجموعات {size}؛ والحد {most}: لم يُستورد شيء."
    ),
    "Not an object with kind, name and items.": "ليس كائناً فيه النوع والاسم والعناصر.",
    "Not an object with date, label and link.": "ليس كائناً فيه التاريخ والعنوان والرابط.",
    "It has no {key}.": "ينقصه الحقل {key}.",
    "Its date, label and link must be texts.": "يجب أن تكون تواريخه وعناوينه وروابطه نصوصاً.",
    "Not a date: write it YYYY-MM-DD.": "ليس تاريخاً: اكتبه بالأرقام سنة-شهر-يوم.",
    "Outside the years {first} to {last}.": "خارج السنوات من {first} إلى {last}.",
    "Not a web address: http:// or https://, a host, no spaces or quotes, at most {most} "
    "characters.": (
        "ليس عنوان ويب: يبدأ بـ \u2066http://\u2069 أو \u2066https://\u2069 ثم اسم الموقع، "
        "بلا مسافات ولا علامات "
        "تنصيص، وبحد أقصى {most} حرفاً."
    ),
    "The timeline events database {db} cannot be used ({error}); move it away and a new one "
    "is made on the next change.": (
        "لا يمكن استعمال قاعدة بيانات الأحداث {db} ({error})؛ انقلها من مكانها فتُنشأ قاعدة "
        "جديدة عند التغيير التالي."
    ),
    "The event-set code {code} names another set.": "رمز مجموعة الأحداث {code} يسمّي مجموعة أخرى.",
    "This corpus would have {size} events; at most {most}: nothing was changed.": (
        "ستصير أحداث هذه المدونة {size}؛ والحد {most}: لم يتغير شيء."
    ),
    "The file holds {size} events; at most {most}.": "في الملف {size} حدثاً؛ والحد {most}.",
    "The file is {size:,} bytes; at most {most:,}.": "حجم الملف {size:,} بايت؛ والحد {most:,}.",
    "The file is not UTF-8 text.": "الملف ليس نصاً بترميز UTF-8.",
    "The file is not JSON: an error at line {line}, column {column}.": (
        "الملف ليس JSON: خطأ في السطر {line}، العمود {column}."
    ),
    "The file is not JSON: it is nested too deeply.": "الملف ليس JSON: تداخله عميق جداً.",
    'The file is not this kind of Marsad export: it lacks "format": "{kind}".': (
        'الملف ليس تصديراً من هذا النوع: ينقصه الحقل "format": "{kind}".'
    ),
    'The file has no list "{key}".': 'ليس في الملف قائمة "{key}".',
    # The server's build queue (issue 14)
    "The build of {name} was cancelled before it started.": "أُلغي بناء {name} قبل أن يبدأ.",
    "One build runs at a time on this server: your build of {name} is number "
    "{position} in line, and starts by itself when its turn comes.": (
        "يجري بناء واحد في كل مرة على هذا الخادم: بناؤك {name} رقمه {position} في الدور، "
        "ويبدأ من تلقاء نفسه حين يحين دوره."
    ),
    "Cancel this build": "ألغِ هذا البناء",
    # finishing #15 and #22: the kind of an article's date, one similarity scale, long links
    "This link is too long to open (over {most:,} characters). Long views are shared "
    'with a short link: open the dashboard, set up the view and use "Short link to this '
    'view" in the sidebar.': (
        "هذا الرابط أطول من أن يُفتح (أكثر من {most:,} حرف). تُشارك العروض الطويلة برابط "
        "قصير: افتح اللوحة، واضبط العرض، ثم استخدم «رابط قصير لهذا العرض» في الشريط الجانبي."
    ),
    "Open the dashboard": "افتح اللوحة",
    "Date: publication date.": "التاريخ: تاريخ النشر.",
    "Date: when the page was crawled or the file written, not when the article was "
    "published.": "التاريخ: وقت جمع الصفحة أو كتابة الملف، لا وقت نشر المقال.",
    'Date: a relative date ("3 days ago") counted back from the crawl date, so it is '
    "approximate.": "التاريخ: تاريخ نسبي («منذ 3 أيام») محسوب من تاريخ الجمع، فهو تقريبي.",
    # Arabic-first interface: labels Streamlit writes itself
    "Select all": "تحديد الكل",
    # research instruments: outlet collections as compared series, saved queries on the
    # quotes and concordance pages
    "Counts the articles of its outlets; the link keeps the outlets as they are now.": (
        "تُعدّ مقالات منافذها؛ ويحفظ الرابط المنافذ كما هي الآن."
    ),
    "Puts the query's aliases, joined by OR, in the box of the quote's words.": (
        "يضع أسماء الاستعلام البديلة، موصولةً بـ OR، في خانة كلمات الاقتباس."
    ),
    "Filter the lines with a saved query": "صفِّ الأسطر باستعلام محفوظ",
    "Puts the query's aliases, joined by OR, in the line filter.": (
        "يضع أسماء الاستعلام البديلة، موصولةً بـ OR، في مرشّح الأسطر."
    ),
    # interface pass of issue 19, seventh round: what the entity matrix's cells count
    "Articles shared by": "المقالات المشتركة بين",
    # interface pass of issue 19, eighth round: no-topic rows by name, the crosses' legend
    "no topic": "بلا موضوع",
    "no article from the outlet in the period": "لا مقال من المنفذ في الفترة",
}


ARABIC_HELP = {
    "npmi": "مدى اقتران الاسمين أكثر مما تقتضيه الصدفة: 0 = بقدر الصدفة، 1 = معاً دائماً.",
    "lift": "كم مرة يظهر الاسمان معاً أكثر مما تقتضيه الصدفة (فوق 1 تعني أكثر).",
    "pair_score": "ترتيب الأزواج: قوة الارتباط مخفَّفةً للأزواج التي تظهر في مقالات قليلة.",
    "ctfidf": "مدى انتماء الكلمة إلى هذا الموضوع أكثر من غيره (وزنها في مقالاته مقابل المدونة "
    "كلها).",
    "cosine": "التشابه في كل الصفحات: مدى قرب نصين، من 0 (لا شيء مشترك) إلى 1 (النص نفسه).",
    "hybrid": "التشابه هنا: متوسط مرجّح للقرب في المعنى وفي الكلمات المشتركة وفي تسلسلات "
    "الحروف المشتركة، مضروباً في عامل التاريخ (1 في اليوم نفسه، ونحو \u20660.79\u2069 لفارق شهر، "
    "والثلثان لمقالين متباعدين زمنياً).",
    "match": "ترتيب أفضل النتائج بالكلمات المشتركة أولاً ثم بالمعنى: ينال كل مقال "
    "\u20660.8 × 6 / (5 + مرتبته)\u2069 في ترتيب الكلمات و\u20660.2 × 6 / (5 + مرتبته)\u2069 "
    "في ترتيب المعنى (1 لمقال يتصدر الترتيبين). التشابه: القرب في المعنى من الاستعلام، "
    "وهو الرقم الذي يُقارن بالحد أعلاه.",
    "meaning": "التشابه هنا: القرب في المعنى وحده.",
    "burst": "مدى ارتفاع حصة الموضوع الآن فوق حصته المعتادة، بوحدات تقلّبها المعتاد (فوق 2 "
    "تعني قفزة واضحة).",
    "share": "من كل 100 مقال في الفترة، كم مقالاً.",
}

# One-line help for every score, in words a reader without the jargon follows.
SCORE_HELP = {
    "npmi": "How strongly two names appear together beyond chance: 0 = as often as chance "
    "would have it, 1 = always together.",
    "lift": "How many times more often two names appear together than chance would have it "
    "(above 1 means more often).",
    "pair_score": "The ranking of pairs: the association, damped for pairs seen in few articles.",
    "ctfidf": "How much more a word belongs to this topic than to the others (its weight in "
    "the topic's articles against the whole corpus).",
    "cosine": "Similarity, on every page: how close two texts are, from 0 (nothing in common) "
    "to 1 (the same text).",
    "hybrid": "Similarity here: a weighted mean of closeness in meaning, in shared words and "
    "in shared letter sequences, times a date factor (1 on the same day, about 0.79 a month "
    "apart, two thirds for articles far apart in time).",
    "match": "Best matches are ordered by shared words first and meaning second: each article "
    "gains 0.8 × 6 / (5 + its place) in the word ranking and 0.2 × 6 / (5 + its place) in "
    "the meaning ranking (1 for an article first in both). Similarity: closeness in meaning "
    "to the query, the number the threshold above is compared with.",
    "meaning": "Similarity here: closeness in meaning alone.",
    "burst": "How far a topic's share now stands above its usual share, in units of its usual "
    "ups and downs (above 2 means a marked jump).",
    "share": "Of every 100 articles in the period, how many.",
}
ARABIC.update({SCORE_HELP[score]: ARABIC_HELP[score] for score in SCORE_HELP})

MONTHS = {
    "ar": tuple(names[0] for _, names in sorted(MONTH_NAMES.items())),
    "en": (
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    ),
}
INDIC = str.maketrans("0123456789.,%", "٠١٢٣٤٥٦٧٨٩٫٬٪")
FIRST_STRONG, LEFT_TO_RIGHT, RIGHT_TO_LEFT, POP = "\u2068", "\u2066", "\u2067", "\u2069"


# Table headers whose column names read as code in English ("published_at", "gap").
ENGLISH_HEADERS = {
    "published_at": "published",
    "topic_label": "topic name",
    "partial": "incomplete period",
    "gap": "no articles collected",
    "total": "all articles",
    "outlet_total": "all the outlet's articles",
    "lag_hours": "lag (hours)",
    "duplicate_of": "copy of",
    "near_duplicate_of": "near copy of",
    "source_file": "file",
    "source_row": "row",
    "mean_score": "mean similarity",
    "article_id": "article",
    "count_a": "count in A",
    "count_b": "count in B",
    "articles_a": "articles in A",
    "articles_b": "articles in B",
    "source": "first entity",
    "target": "second entity",
    "npmi": "association",
    "url": "link",
}


def header(column: str, lang: str) -> str:
    """A table column's header: its Arabic name, or in English its name in words.

    >>> header("published_at", "en"), header("first_seen", "en")
    ('published', 'first seen')
    """
    if lang == "ar":
        return translate(column, lang)
    return ENGLISH_HEADERS.get(column, column.replace("_", " "))


def translate(text: str, lang: str) -> str:
    """``text`` (an English label, or a score's help) in language ``lang``."""
    if lang == "ar":
        return ARABIC.get(text, text)
    return text


def isolate(text: object) -> str:
    """``text`` in a first-strong isolate: it takes its own direction and cannot pull the
    figures and punctuation around it into its run (or be pulled into theirs).

    >>> isolate("NPMI") == "\u2068NPMI\u2069"
    True
    """
    return f"{FIRST_STRONG}{text}{POP}"


def ltr(text: object) -> str:
    """``text`` isolated left to right: an id, a date or a figure with its sign or unit."""
    return f"{LEFT_TO_RIGHT}{text}{POP}"


def line(text: str, lang: str) -> str:
    """A whole label laid out in the interface's direction, whatever its first letter:
    a chart's labels sit in a left-to-right box even in Arabic."""
    return f"{RIGHT_TO_LEFT if lang == 'ar' else LEFT_TO_RIGHT}{text}{POP}"


def numbered(number: object, label: str, lang: str) -> str:
    """A label with its number first (``3: النفط``), read in the interface's order.

    >>> numbered(0, "النفط", "ar") == "\u2067\u20660:\u2069 \u2068النفط\u2069\u2069"
    True
    """
    return line(f"{ltr(f'{number}:')} {isolate(label)}", lang)


LEFT_TO_RIGHT_MARK = "\u200e"
NUMBER_THEN_RIGHT_TO_LEFT = re.compile(r"\d[^A-Za-z\u0590-\u08ff]*[\u0590-\u08ff]")


def number_first(text: object, lang: str) -> object:
    """A table cell for a reader of ``lang``: in English, a text that starts with a figure
    whose first letter is Arabic (a topic's "12: النفط") begins with a left-to-right mark,
    which the table takes for its direction, so the number reads first as in "12: oil" (it
    would otherwise lay the cell out right to left, the number at its right end); other
    values, and every value in Arabic, as they are.

    >>> number_first("12: النفط", "en") == "\u200e12: النفط", number_first("12: النفط", "ar")
    (True, '12: النفط')
    """
    if lang == "ar" or not isinstance(text, str) or not NUMBER_THEN_RIGHT_TO_LEFT.match(text):
        return text
    return LEFT_TO_RIGHT_MARK + text


def digits(text: str, indic: bool) -> str:
    """``text`` with Arabic-Indic digits (and separators) when ``indic``; else unchanged.

    >>> digits("12.5%, 1,200", True)
    '١٢٫٥٪٬ ١٬٢٠٠'
    """
    return text.translate(INDIC) if indic else text


FIGURE = re.compile(r"[\d.,:%/+\-]+")
ISOLATES = re.compile("[\u2066-\u2069]")
LEFT_TO_RIGHT_RUN = re.compile("\u2066([^\u2066-\u2069]*)\u2069")


def figure_text(text: str) -> bool:
    """Whether ``text`` is only figures, dates and times, which the interface wrote (``3``,
    ``2024-01-05``, ``5 مارس 2024 09:07``), rather than words from the data.

    >>> figure_text("5 مارس 2024"), figure_text("12%"), figure_text("مقال 12")
    (True, True, False)
    """
    words = ISOLATES.sub("", text).split()
    months = MONTHS["ar"] + MONTHS["en"]
    return any(c.isdigit() for c in text) and all(
        FIGURE.fullmatch(word) or word in months for word in words
    )


def isolated_digits(text: str, indic: bool) -> str:
    """``text`` with Arabic-Indic digits, when ``indic``, in its left-to-right isolates that
    hold only figures (:func:`ltr`: an id, a date, a topic's number), which the interface
    wrote; its other figures, from the data, stay as they are.

    >>> isolated_digits(f"{ltr('3:')} 2024 {ltr('2024-01-05')}", True) == (
    ...     f"{ltr('٣:')} 2024 {ltr('٢٠٢٤-٠١-٠٥')}")
    True
    """
    if not indic or LEFT_TO_RIGHT not in text:
        return text

    def figures(run: re.Match) -> str:
        inner = run.group(1)
        return ltr(digits(inner, True)) if figure_text(inner) else run.group(0)

    return LEFT_TO_RIGHT_RUN.sub(figures, text)


def month(number: int, lang: str) -> str:
    """The name of month ``number`` (1-12)."""
    return MONTHS["ar" if lang == "ar" else "en"][number - 1]


def date_text(when: datetime, lang: str, *, day: bool = True) -> str:
    """A date as a reader writes it: ``5 مارس 2024`` / ``5 Mar 2024`` (no time).

    >>> date_text(datetime(2024, 3, 5), "ar")
    '5 مارس 2024'
    >>> date_text(datetime(2024, 3, 5), "en", day=False)
    'Mar 2024'
    """
    text = f"{month(when.month, lang)} {when.year}"
    return f"{when.day} {text}" if day else text


def time_known(when: datetime) -> bool:
    """Whether ``when`` carries a time of day: a date-only source gives exactly midnight."""
    return bool(when.hour or when.minute or when.second)


def when_text(when: datetime, lang: str) -> str:
    """Date, and the time of day only when the source gave one.

    >>> when_text(datetime(2024, 3, 5), "en")
    '5 Mar 2024'
    >>> when_text(datetime(2024, 3, 5, 9, 7), "en") == f"5 Mar 2024 {ltr('09:07')}"
    True
    """
    text = date_text(when, lang)
    return f"{text} {ltr(f'{when:%H:%M}')}" if time_known(when) else text


def _counted(number: int, forms: tuple[str, str, str, str], lang: str) -> str:
    """``number`` with its noun: Arabic has one, two, three-to-ten and eleven-up forms."""
    one, two, few, many = forms
    if lang != "ar":
        return f"{number} {one if number == 1 else few}"
    if number == 1:
        return one
    if number == 2:
        return two
    return f"{number} {few if 3 <= number % 100 <= 10 else many}"


UNITS = {
    "ar": {
        "day": ("يوم واحد", "يومين", "أيام", "يوماً"),
        "hour": ("ساعة واحدة", "ساعتين", "ساعات", "ساعة"),
        "minute": ("دقيقة واحدة", "دقيقتين", "دقائق", "دقيقة"),
    },
    "en": {
        "day": ("day", "", "days", ""),
        "hour": ("hour", "", "hours", ""),
        "minute": ("minute", "", "minutes", ""),
    },
}


def lag_text(hours: float, lang: str, *, timed: bool = True) -> str:
    """How long after the first report, in words: minutes and hours, or days when a time
    of day is unknown (``timed`` false); no "0.0 h".

    >>> [lag_text(h, "en") for h in (0.0, 0.25, 1.0, 2.5)]
    ['at the same time', '15 minutes later', '1 hour later', '2 hours 30 minutes later']
    >>> lag_text(50, "en")
    '2 days 2 hours later'
    >>> lag_text(3.0, "ar"), lag_text(30.0, "ar", timed=False)
    ('بعد 3 ساعات', 'بعد يوم واحد')
    """
    units = UNITS["ar" if lang == "ar" else "en"]
    minutes = round(hours * 60)
    if not timed:
        days = round(hours / 24)
        if days == 0:
            return "في اليوم نفسه" if lang == "ar" else "the same day"
        parts = [_counted(days, units["day"], lang)]
    else:
        if minutes == 0:
            return "في الوقت نفسه" if lang == "ar" else "at the same time"
        days, rest = divmod(minutes, 24 * 60)
        whole_hours, mins = divmod(rest, 60)
        amounts = (("day", days), ("hour", whole_hours), ("minute", mins if days == 0 else 0))
        parts = [_counted(n, units[u], lang) for u, n in amounts if n]
    if lang == "ar":
        return "بعد " + " و".join(parts)
    return " ".join(parts) + " later"
