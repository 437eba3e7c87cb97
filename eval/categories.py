"""Score the category classifier and a keyword baseline on ANT's held-out split, in one run.

    .venv/bin/python -m eval.categories [--data PATH] [--model PATH] [--seed N]

Prints macro-F1 and per-class F1 for both, and writes eval/results/categories.json. The
held-out split is the one `scripts/train_categories.py` never saw (eval/ant.py). The CI gate
(tests/text/test_categorize.py) holds macro-F1 above eval/baseline_categories.json.
"""

import argparse
import json
from collections import Counter
from pathlib import Path

from akhbar.text.analyzer import analyze
from akhbar.text.categorize import DEFAULT_MODEL_PATH, classify_terms, document_terms, load_model
from eval.ant import DEFAULT_DATA, DEFAULT_SEED, Article, load_split

RESULTS_PATH = Path(__file__).resolve().parent / "results" / "categories.json"

# A handful of hand-written words per class: what a first rule-based sorter would use.
KEYWORDS = {
    "politics": "حزب برلمان انتخابات حكومة رئيس وزير نائب سياسي",
    "national": "تونس تونسي ولاية معتمدية بلدية وطني",
    "international": "دولي ترامب سوريا العراق الأمم المتحدة واشنطن روسيا",
    "economy": "اقتصاد سعر أسعار نفط بنك مالية استثمار تجارة دولار",
    "sports": "مباراة فريق لاعب بطولة كرة هدف مدرب نادي",
    "culture": "فيلم مهرجان فنان ثقافة مسرح كتاب رواية موسيقى",
    "society": "مجتمع أسرة طفل امرأة تعليم مدرسة شباب",
    "technology": "تكنولوجيا هاتف إنترنت تطبيق شركة آبل غوغل علماء",
}
FALLBACK = "national"  # the commonest class of the corpus, for articles with no keyword


def keyword_terms() -> dict[str, set[str]]:
    """The keywords of each class, analyzed like the articles."""
    return {slug: set(analyze(words, "ar")) for slug, words in KEYWORDS.items()}


def keyword_classify(counts: Counter, terms_by_class: dict[str, set[str]]) -> str:
    """The class whose keywords occur most often in the article's terms, or FALLBACK."""
    hits = {slug: sum(counts[t] for t in terms) for slug, terms in terms_by_class.items()}
    best = max(sorted(hits), key=hits.get)
    return best if hits[best] else FALLBACK


def f1_scores(gold: list[str], predicted: list[str]) -> dict[str, float]:
    """Per-class F1 over the classes present in the gold labels."""
    pairs = Counter(zip(gold, predicted, strict=True))
    scores = {}
    for slug in sorted(set(gold)):
        true_pos = pairs[(slug, slug)]
        predicted_n = sum(n for (_, p), n in pairs.items() if p == slug)
        gold_n = sum(n for (g, _), n in pairs.items() if g == slug)
        scores[slug] = 2 * true_pos / (predicted_n + gold_n) if predicted_n + gold_n else 0.0
    return scores


def report(gold: list[str], predicted: list[str]) -> dict:
    """Macro-F1, per-class F1 and accuracy."""
    per_class = f1_scores(gold, predicted)
    correct = sum(g == p for g, p in zip(gold, predicted, strict=True))
    return {
        "macro_f1": round(sum(per_class.values()) / len(per_class), 4),
        "accuracy": round(correct / len(gold), 4),
        "per_class_f1": {slug: round(score, 4) for slug, score in per_class.items()},
    }


def evaluate_articles(held_out: list[Article], model_path: Path = DEFAULT_MODEL_PATH) -> dict:
    """Both systems scored on the same articles (each article analyzed once)."""
    model = load_model(model_path)
    terms_by_class = keyword_terms()
    documents = [document_terms(a.title, a.body, "ar") for a in held_out]
    gold = [a.category for a in held_out]
    by_model = [classify_terms(counts, model)[0] for counts in documents]
    by_keywords = [keyword_classify(counts, terms_by_class) for counts in documents]
    return {
        "held_out_articles": len(held_out),
        "support": dict(sorted(Counter(gold).items())),
        "classifier": report(gold, by_model),
        "keyword_baseline": report(gold, by_keywords),
    }


def evaluate(
    data: Path = DEFAULT_DATA, model_path: Path = DEFAULT_MODEL_PATH, seed: int = DEFAULT_SEED
) -> dict:
    """Both systems scored on ANT's held-out split."""
    return evaluate_articles(load_split(data, seed).held_out, model_path)


def table(results: dict) -> str:
    """A plain-text table: one row per class, then macro-F1 and accuracy."""
    model, keywords = results["classifier"], results["keyword_baseline"]
    lines = [f"{'class':<14}{'support':>8}{'classifier':>12}{'keywords':>10}"]
    for slug, support in results["support"].items():
        lines.append(
            f"{slug:<14}{support:>8}{model['per_class_f1'][slug]:>12.3f}"
            f"{keywords['per_class_f1'][slug]:>10.3f}"
        )
    for metric in ("macro_f1", "accuracy"):
        lines.append(f"{metric:<14}{'':>8}{model[metric]:>12.3f}{keywords[metric]:>10.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Score the category classifier on ANT.")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL_PATH)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    results = evaluate(args.data, args.model, args.seed)
    print(f"categories: {results['held_out_articles']} held-out ANT articles")
    print(table(results))
    RESULTS_PATH.parent.mkdir(exist_ok=True)
    RESULTS_PATH.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"categories: wrote {RESULTS_PATH}")


if __name__ == "__main__":
    main()
