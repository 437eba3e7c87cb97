"""Category of an article from its text, when the outlet's section says nothing we can map.

A linear model (multinomial logistic regression, trained by `scripts/train_categories.py` on
the ANT corpus) over the analyzer's terms: each term weighs log(1 + count) × idf, title terms
count twice, the vector is L2-normalized, and the class scores are `x · W + b`. The model file
is small JSON holding only the kept terms, so it loads without scikit-learn.

The model is tied to the analyzer that produced its terms: it records ANALYZER_VERSION and a
hash of the analyzer's output on a fixed probe sentence, and loading a model whose version or
probe hash differs from the running analyzer's raises StaleModelError (regenerate it with the
training script). The probe catches an analyzer change made without a version bump.

Classes the corpus does not teach (religion, health, opinion) come only from sections
(`akhbar.text.sections`).
"""

import hashlib
import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from akhbar.text.analyzer import ANALYZER_VERSION, analyze

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "data" / "category_model.json"
MODEL_FORMAT = 1
TITLE_WEIGHT = 2
# Written for this check: Arabic with clitics, hamza, tashkeel, digits, and French.
ANALYZER_PROBE = (
    "وَبِالمُنتخبات الوطنيّة، أعلنت الوزارة عن إستراتيجيتها لسنة ٢٠٢٥ والمسؤولون يؤكدون "
    "l'économie de l'Algérie et les élections."
)


class StaleModelError(RuntimeError):
    """The model file was made by another file format, analyzer version or analyzer output."""


@dataclass(frozen=True)
class CategoryModel:
    """Classes, kept terms with their idf, and the weights of the linear model."""

    classes: tuple[str, ...]
    index: dict[str, int]
    idf: np.ndarray  # (terms,)
    weights: np.ndarray  # (terms, classes)
    bias: np.ndarray  # (classes,)
    analyzer_version: int
    analyzer_fingerprint: str
    meta: dict


@dataclass(frozen=True)
class SparseVector:
    positions: np.ndarray  # (n,) term positions in the model
    values: np.ndarray  # (n,)


def document_terms(title: str, body: str, lang: str | None = None) -> Counter:
    """Term counts of an article: the title's terms count TITLE_WEIGHT times."""
    counts = Counter(analyze(body, lang))
    for term in analyze(title, lang):
        counts[term] += TITLE_WEIGHT
    return counts


def vectorize(counts: Counter, index: dict[str, int], idf: np.ndarray) -> SparseVector:
    """The L2-normalized log(1 + count) × idf vector over the kept terms, as the positions
    and values of its non-zero entries (an article holds a few hundred of the kept terms:
    a dense vector over all of them costs a thousand times more, and wakes BLAS threads)."""
    found = [(index[term], count) for term, count in counts.items() if term in index]
    positions = np.fromiter((p for p, _ in found), dtype=np.intp, count=len(found))
    values = np.log1p(np.fromiter((c for _, c in found), dtype=float, count=len(found)))
    values *= idf[positions]
    norm = math.sqrt(float(values @ values)) if len(values) else 0.0
    return SparseVector(positions, values / norm if norm else values)


def probabilities(model: CategoryModel, vector: SparseVector) -> np.ndarray:
    """Softmax of the class scores."""
    scores = vector.values @ model.weights[vector.positions] + model.bias
    exps = np.exp(scores - scores.max())
    return exps / exps.sum()


def classify(
    title: str, body: str, lang: str | None = None, model: CategoryModel | None = None
) -> tuple[str, float]:
    """The most likely category slug and its probability (0..1)."""
    return classify_terms(document_terms(title, body, lang), model)


def classify_terms(counts: Counter, model: CategoryModel | None = None) -> tuple[str, float]:
    """`classify` for an article already turned into term counts by `document_terms`."""
    model = model or load_model()
    probs = probabilities(model, vectorize(counts, model.index, model.idf))
    best = int(probs.argmax())
    return model.classes[best], float(probs[best])


def analyzer_fingerprint() -> str:
    """A short hash of the running analyzer's terms for ANALYZER_PROBE."""
    terms = " ".join(analyze(ANALYZER_PROBE))
    return hashlib.sha1(terms.encode("utf-8")).hexdigest()[:12]


def check_fresh(data: dict) -> None:
    """Raise StaleModelError unless the model was made by this format and this analyzer."""
    expected = (MODEL_FORMAT, ANALYZER_VERSION, analyzer_fingerprint())
    found = (data.get("format"), data.get("analyzer_version"), data.get("analyzer_fingerprint"))
    if found != expected:
        raise StaleModelError(
            f"categorize: model has (format, analyzer version, fingerprint) {found}, "
            f"expected {expected}; regenerate it with scripts/train_categories.py"
        )


def model_from_dict(data: dict) -> CategoryModel:
    """Build a model from its JSON form, refusing a stale one."""
    check_fresh(data)
    terms = data["terms"]
    return CategoryModel(
        classes=tuple(data["classes"]),
        index={term: position for position, term in enumerate(terms)},
        idf=np.array(data["idf"], dtype=float),
        weights=np.array(data["weights"], dtype=float).reshape(len(terms), len(data["classes"])),
        bias=np.array(data["bias"], dtype=float),
        analyzer_version=data["analyzer_version"],
        analyzer_fingerprint=data["analyzer_fingerprint"],
        meta=data.get("meta", {}),
    )


@lru_cache(maxsize=4)
def load_model(path: Path | str = DEFAULT_MODEL_PATH) -> CategoryModel:
    """Read (once per path) and check a model file."""
    with open(path, encoding="utf-8") as handle:
        return model_from_dict(json.load(handle))
