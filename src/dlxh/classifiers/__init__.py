"""Classifiers: labels with provenance for opinion items.

* :class:`LexiconClassifier`: cue lists, no training, every label explained (built in);
* :class:`TrainableClassifier`: TF-IDF and a linear model, trained from labelled items
  (extra ``dlxh[ml]``);
* :func:`classify` runs several and combines their labels (people's labels always win);
* :func:`evaluate` scores a classifier against gold labels;
* :func:`review_queue`, :func:`export_review`, :func:`read_review`, :func:`apply_review`:
  the review loop through Excel.

scikit-learn is imported only when a model is trained, so ``import dlxh.classifiers`` is light.
"""

from __future__ import annotations

from dlxh.classifiers.base import MULTI_VALUED, Classifier
from dlxh.classifiers.combine import DEFAULT_MIN_CONFIDENCE, classify, combine_labels
from dlxh.classifiers.evaluate import Evaluation, LabelScore, cross_validate, evaluate, score
from dlxh.classifiers.labelled import gold_label, gold_pairs, read_labelled
from dlxh.classifiers.lexicon import Analysis, Lexicon, LexiconClassifier, default_lexicon
from dlxh.classifiers.review import (
    DEFAULT_REVIEW_THRESHOLD,
    ReviewDecision,
    ReviewRow,
    apply_review,
    export_review,
    read_review,
    review_queue,
)
from dlxh.classifiers.taxonomies import (
    DefaultTaxonomies,
    default_taxonomies,
    load_taxonomy,
    taxonomies,
    taxonomy,
)
from dlxh.classifiers.trainable import TrainableClassifier

__all__ = [
    "DEFAULT_MIN_CONFIDENCE",
    "DEFAULT_REVIEW_THRESHOLD",
    "MULTI_VALUED",
    "Analysis",
    "Classifier",
    "DefaultTaxonomies",
    "Evaluation",
    "LabelScore",
    "Lexicon",
    "LexiconClassifier",
    "ReviewDecision",
    "ReviewRow",
    "TrainableClassifier",
    "apply_review",
    "classify",
    "combine_labels",
    "cross_validate",
    "default_lexicon",
    "default_taxonomies",
    "evaluate",
    "export_review",
    "gold_label",
    "gold_pairs",
    "load_taxonomy",
    "read_labelled",
    "read_review",
    "review_queue",
    "score",
    "taxonomies",
    "taxonomy",
]
