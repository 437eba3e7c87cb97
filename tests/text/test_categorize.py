"""The text classifier: invented articles per class, the model file, the split, the CI gate.

The gate reads the real ANT corpus from ../shared/data (never copied here) and fails when the
held-out macro-F1 drops below the floor pinned in eval/baseline_categories.json.
"""

import json
from pathlib import Path

import pytest

from akhbar.text.analyzer import ANALYZER_VERSION
from akhbar.text.categorize import (
    DEFAULT_MODEL_PATH,
    StaleModelError,
    analyzer_fingerprint,
    classify,
    load_model,
)
from eval.ant import DEFAULT_SEED, Article, deduplicated, load_split, split

ROOT = Path(__file__).resolve().parents[2]
BASELINE = json.loads((ROOT / "eval" / "baseline_categories.json").read_text())

# Invented for these tests (not from any corpus): two short articles per learned class.
INVENTED = {
    "sports": [
        (
            "الترجي يفوز على النجم الساحلي في قمة البطولة",
            "سجل مهاجم الترجي هدفين في الشوط الثاني من المباراة التي جرت على ملعب رادس، "
            "ليعزز الفريق صدارته لترتيب البطولة بفارق أربع نقاط.",
        ),
        (
            "المنتخب يستعد لكأس أمم إفريقيا",
            "أعلن مدرب المنتخب الوطني قائمة اللاعبين المدعوين للتربص التحضيري قبل مواجهة "
            "الدور الأول من كأس أمم إفريقيا لكرة القدم.",
        ),
    ],
    "economy": [
        (
            "ارتفاع نسبة التضخم إلى 7 بالمائة",
            "أعلن المعهد الوطني للإحصاء أن نسبة التضخم ارتفعت خلال الشهر الماضي بسبب زيادة "
            "أسعار المواد الغذائية والطاقة، فيما تراجع الدينار أمام الأورو والدولار.",
        ),
        (
            "البنك المركزي يرفع نسبة الفائدة المديرية",
            "قرر مجلس إدارة البنك المركزي رفع نسبة الفائدة للحد من التضخم ودعم احتياطي "
            "العملة الصعبة وتحسين ميزان المدفوعات.",
        ),
    ],
    "international": [
        (
            "مجلس الأمن يبحث الأزمة في اليمن",
            "عقد مجلس الأمن الدولي جلسة طارئة لبحث التصعيد العسكري في اليمن، ودعا الأمين "
            "العام للأمم المتحدة الأطراف إلى وقف إطلاق النار والعودة إلى المفاوضات.",
        ),
        (
            "الرئيس الأمريكي يلتقي نظيره الروسي",
            "التقى الرئيس الأمريكي نظيره الروسي في قمة بجنيف لبحث ملفات الحد من التسلح "
            "والحرب في سوريا وأوكرانيا والعقوبات الغربية على موسكو.",
        ),
    ],
    "culture": [
        (
            "افتتاح الدورة الجديدة لمهرجان قرطاج السينمائي",
            "افتتحت مساء أمس الدورة الجديدة من أيام قرطاج السينمائية بعرض فيلم روائي طويل، "
            "بحضور عدد من المخرجين والممثلين والنقاد.",
        ),
        (
            "صدور رواية جديدة للكاتب",
            "صدرت عن دار نشر تونسية رواية جديدة للكاتب تتناول سيرة عائلة في المدينة العتيقة، "
            "وسيتم تقديمها في معرض الكتاب.",
        ),
    ],
    "technology": [
        (
            "آبل تكشف عن هاتف آيفون الجديد",
            "كشفت شركة آبل عن الجيل الجديد من هواتف آيفون بمعالج أسرع وكاميرا محسنة وبطارية "
            "تدوم أطول، إلى جانب تحديث نظام التشغيل.",
        ),
        (
            "تطبيق جديد للذكاء الاصطناعي",
            "أطلقت شركة غوغل تطبيقا يعتمد على الذكاء الاصطناعي لترجمة المحادثات فوريا على "
            "الهواتف الذكية، ويدعم أكثر من أربعين لغة.",
        ),
    ],
    "politics": [
        (
            "البرلمان يصادق على قانون المالية",
            "صادق مجلس نواب الشعب في جلسة عامة على مشروع قانون المالية بأغلبية الأصوات، بعد "
            "نقاش حاد بين الكتل النيابية وأحزاب المعارضة.",
        ),
        (
            "الحزب يعلن انسحابه من الائتلاف الحاكم",
            "أعلن الأمين العام للحزب انسحاب الحزب من الائتلاف الحاكم ومن حكومة الوحدة الوطنية، "
            "داعيا إلى حوار وطني حول الانتخابات البلدية.",
        ),
    ],
    "national": [
        (
            "وزارة التربية تعلن رزنامة امتحانات البكالوريا",
            "أعلنت وزارة التربية عن رزنامة الامتحانات الوطنية للسنة الدراسية الحالية، وستنطلق "
            "دورة البكالوريا في بداية شهر جوان بمشاركة آلاف المترشحين في كامل الولايات.",
        ),
        (
            "انقطاع الماء الصالح للشرب في عدد من المعتمديات",
            "أعلنت الشركة الوطنية لاستغلال وتوزيع المياه عن انقطاع التزود بالماء الصالح للشرب "
            "في عدد من معتمديات الولاية بسبب أشغال صيانة.",
        ),
    ],
    "society": [
        (
            "القبض على عصابة مختصة في سرقة المنازل",
            "تمكن أعوان الشرطة من القبض على عصابة مختصة في سرقة المنازل والسيارات، وحجز مبالغ "
            "مالية ومصوغ، وتمت إحالة الموقوفين على النيابة العمومية.",
        ),
        (
            "وفاة شاب في حادث مرور مروع",
            "لقي شاب حتفه وأصيب ثلاثة آخرون بجروح متفاوتة الخطورة إثر حادث مرور مروع جد ليلة "
            "أمس على الطريق الرابطة بين المدينتين، وفتح تحقيق في ملابسات الحادث.",
        ),
    ],
}
# The first held-out ids and the held-out size of the ANT split at DEFAULT_SEED.
FIRST_HELD_OUT_IDS = [
    "ant:JA-culture-106-20170513",
    "ant:JA-culture-110-20170518",
    "ant:JA-culture-12-20161205",
]
HELD_OUT_SIZE = 2961
CASES = [(slug, title, body) for slug, items in INVENTED.items() for title, body in items]


def article(id_, category, group=None):
    return Article(id_, "title", "body", category, group or id_)


def row(id_, body, category):
    return {"id": id_, "body": body, "category": category}


@pytest.mark.parametrize(("slug", "title", "body"), CASES)
def test_it_classifies_invented_articles(slug, title, body):
    predicted, confidence = classify(title, body, "ar")
    # it should find the class the article was written for
    assert predicted == slug
    # it should give a probability
    assert 0.0 < confidence <= 1.0


def test_it_loads_a_small_model_tied_to_the_analyzer():
    model = load_model()
    # it should keep the committed model file under 2 MB
    assert DEFAULT_MODEL_PATH.stat().st_size <= 2 * 1024 * 1024
    # it should record the analyzer version it was trained with
    assert model.analyzer_version == ANALYZER_VERSION
    # it should record the fingerprint of the analyzer it was trained with
    assert model.analyzer_fingerprint == analyzer_fingerprint()
    # it should hold one weight per kept term and class
    assert model.weights.shape == (len(model.index), len(model.classes))


def test_it_caches_the_loaded_model():
    # it should read the file once per path
    assert load_model() is load_model()


def test_it_refuses_a_model_trained_with_another_analyzer(tmp_path):
    data = json.loads(DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))
    data["analyzer_version"] = ANALYZER_VERSION + 1
    stale = tmp_path / "stale.json"
    stale.write_text(json.dumps(data), encoding="utf-8")
    # it should fail loudly and say how to regenerate the model
    with pytest.raises(StaleModelError, match="train_categories"):
        load_model(stale)


def test_it_refuses_a_model_made_by_a_changed_analyzer_of_the_same_version(tmp_path):
    data = json.loads(DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))
    data["analyzer_fingerprint"] = "0" * 12
    stale = tmp_path / "changed.json"
    stale.write_text(json.dumps(data), encoding="utf-8")
    # it should notice an analyzer change made without a version bump
    with pytest.raises(StaleModelError):
        load_model(stale)


def test_it_drops_identical_bodies_that_disagree_on_the_category():
    rows = [
        row("a", "same text", "sports"),
        row("b", "same  text", "culture"),
        row("c", "twin", "economy"),
        row("d", "twin", "economy"),
    ]
    # it should drop both conflicting copies and keep one of the agreeing ones
    assert [r["id"] for r in deduplicated(rows)] == ["c"]


def test_it_splits_the_same_way_with_the_same_seed():
    articles = [article(f"id{n}", ("sports", "economy")[n % 2]) for n in range(200)]
    first, again = split(articles, seed=5), split(articles, seed=5)
    other = split(articles, seed=6)
    # it should hold out the same ids with the same seed
    assert [a.id for a in first.held_out] == [a.id for a in again.held_out]
    # it should hold out other ids with another seed
    assert {a.id for a in first.held_out} != {a.id for a in other.held_out}


def test_it_keeps_a_group_on_one_side_of_the_split():
    articles = [article(f"id{n}", "sports", group=f"g{n // 2}") for n in range(100)]
    halves = split(articles, seed=1)
    train_groups = {a.group for a in halves.train}
    # it should never put two copies of one group on both sides
    assert train_groups.isdisjoint({a.group for a in halves.held_out})


def test_it_stratifies_the_held_out_split():
    articles = [article(f"id{n}", "sports" if n < 150 else "culture") for n in range(200)]
    held_out = split(articles, seed=3).held_out
    # it should hold out a fifth of each class
    assert sum(a.category == "sports" for a in held_out) == 30
    assert sum(a.category == "culture" for a in held_out) == 10


@pytest.fixture(scope="module")
def ant_split():
    return load_split()


def test_it_splits_ant_reproducibly_without_shared_groups(ant_split):
    model_meta = load_model().meta
    # it should split with the seed the committed model was trained with
    assert model_meta["seed"] == DEFAULT_SEED
    # it should hold out the same ANT ids on every run (first ids pinned at seed 20170101)
    assert [a.id for a in ant_split.held_out[:3]] == FIRST_HELD_OUT_IDS
    # it should hold out the same number of articles
    assert len(ant_split.held_out) == HELD_OUT_SIZE
    # it should keep every near-copy group on one side
    assert {a.group for a in ant_split.train}.isdisjoint({a.group for a in ant_split.held_out})


def test_it_holds_the_held_out_macro_f1_above_the_pinned_floor(ant_split):
    from eval.categories import evaluate_articles

    results = evaluate_articles(ant_split.held_out)
    # it should not regress below the floor pinned in eval/baseline_categories.json
    assert results["classifier"]["macro_f1"] >= BASELINE["macro_f1_floor"]
    # it should beat the keyword baseline by a wide margin
    assert results["classifier"]["macro_f1"] > results["keyword_baseline"]["macro_f1"] + 0.2
