"""Train the category classifier on ANT and write the small model file.

    .venv/bin/python scripts/train_categories.py [--data PATH] [--out PATH] [--seed N]

Reproducible: the corpus is mapped, deduplicated and split by `eval/ant.py` with a fixed seed,
the vocabulary is chosen by sorted rules, and the fit (multinomial logistic regression, L-BFGS
from zeros) is deterministic. Only the train split is seen; `python -m eval.categories` scores
the held-out split. Training data is read from ../shared/data and never committed.
"""

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import optimize, sparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from akhbar.text.analyzer import ANALYZER_VERSION  # noqa: E402
from akhbar.text.categorize import (  # noqa: E402
    DEFAULT_MODEL_PATH,
    MODEL_FORMAT,
    TITLE_WEIGHT,
    analyzer_fingerprint,
    document_terms,
)
from eval.ant import DEFAULT_DATA, DEFAULT_SEED, load_split  # noqa: E402

MIN_DOCUMENTS = 3  # a term seen in fewer training articles is noise
MAX_TERMS = 20_000  # the most frequent terms kept before the fit
L2_PENALTY = 0.3  # larger: smaller weights
PRUNE_BELOW = 0.1  # terms whose largest |weight| stays under this are dropped after the fit
DECIMALS = 2


def choose_vocabulary(documents: list[Counter]) -> list[str]:
    """The MAX_TERMS terms found in the most articles (ties broken by the term itself)."""
    frequency = Counter(term for counts in documents for term in counts)
    eligible = [(-df, term) for term, df in frequency.items() if df >= MIN_DOCUMENTS]
    return [term for _, term in sorted(eligible)[:MAX_TERMS]]


def inverse_frequencies(documents: list[Counter], terms: list[str]) -> np.ndarray:
    """Smoothed idf: log((1 + n) / (1 + df)) + 1."""
    frequency = Counter(term for counts in documents for term in counts)
    total = len(documents)
    return np.array([math.log((1 + total) / (1 + frequency[term])) + 1 for term in terms])


def design_matrix(documents: list[Counter], terms: list[str], idf: np.ndarray):
    """Rows of L2-normalized log(1 + count) × idf, as a sparse matrix (same as `vectorize`)."""
    index = {term: position for position, term in enumerate(terms)}
    rows, cols, values = [], [], []
    for row, counts in enumerate(documents):
        entries = [(index[t], math.log1p(c)) for t, c in counts.items() if t in index]
        norm = math.sqrt(sum((v * idf[i]) ** 2 for i, v in entries)) or 1.0
        for position, value in entries:
            rows.append(row)
            cols.append(position)
            values.append(value * idf[position] / norm)
    return sparse.csr_matrix((values, (rows, cols)), shape=(len(documents), len(terms)))


def class_weights(labels: np.ndarray, n_classes: int) -> np.ndarray:
    """Per-article weights that give every class the same total weight."""
    counts = np.bincount(labels, minlength=n_classes)
    return (len(labels) / (n_classes * counts))[labels]


def fit(matrix, labels: np.ndarray, n_classes: int) -> tuple[np.ndarray, np.ndarray]:
    """Weighted softmax regression with an L2 penalty, fitted by L-BFGS from zeros."""
    n_terms = matrix.shape[1]
    targets = np.eye(n_classes)[labels]
    sample_weights = class_weights(labels, n_classes)[:, None]

    def loss_and_gradient(flat):
        weights = flat[: n_terms * n_classes].reshape(n_terms, n_classes)
        bias = flat[n_terms * n_classes :]
        scores = matrix @ weights + bias
        scores -= scores.max(axis=1, keepdims=True)
        log_probs = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))
        loss = -(sample_weights * targets * log_probs).sum() + L2_PENALTY / 2 * (weights**2).sum()
        error = sample_weights * (np.exp(log_probs) - targets)
        grad_w = matrix.T @ error + L2_PENALTY * weights
        return loss, np.concatenate([np.asarray(grad_w).ravel(), error.sum(axis=0)])

    start = np.zeros(n_terms * n_classes + n_classes)
    result = optimize.minimize(
        loss_and_gradient, start, jac=True, method="L-BFGS-B", options={"maxiter": 500}
    )
    weights = result.x[: n_terms * n_classes].reshape(n_terms, n_classes)
    return weights, result.x[n_terms * n_classes :]


def model_json(classes, terms, idf, weights, bias, meta) -> dict:
    """The model file's content, keeping only terms that weigh on some class."""
    keep = np.abs(weights).max(axis=1) >= PRUNE_BELOW
    return {
        "format": MODEL_FORMAT,
        "analyzer_version": ANALYZER_VERSION,
        "analyzer_fingerprint": analyzer_fingerprint(),
        "classes": list(classes),
        "terms": [term for term, kept in zip(terms, keep, strict=True) if kept],
        "idf": np.round(idf[keep], DECIMALS).tolist(),
        "weights": np.round(weights[keep], DECIMALS).ravel().tolist(),
        "bias": np.round(bias, DECIMALS).tolist(),
        "meta": meta,
    }


def train(data: Path, seed: int) -> dict:
    """Fit on the train split of ANT and return the model file's content."""
    train_split = load_split(data, seed).train
    classes = sorted({article.category for article in train_split})
    documents = [document_terms(a.title, a.body, "ar") for a in train_split]
    labels = np.array([classes.index(a.category) for a in train_split])
    terms = choose_vocabulary(documents)
    idf = inverse_frequencies(documents, terms)
    weights, bias = fit(design_matrix(documents, terms, idf), labels, len(classes))
    meta = {
        "trained_on": "ANT corpus (Chouigui et al., AICCSA 2017; AJSE 2021), train split",
        "seed": seed,
        "train_articles": len(train_split),
        "title_weight": TITLE_WEIGHT,
        "l2_penalty": L2_PENALTY,
        "regenerate": "python scripts/train_categories.py",
    }
    return model_json(classes, terms, idf, weights, bias, meta)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_PATH)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    model = train(args.data, args.seed)
    args.out.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n")
    size = args.out.stat().st_size
    print(f"train: {len(model['terms'])} terms, {len(model['classes'])} classes")
    print(f"train: wrote {args.out} ({size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
