"""The built-in classifier plugin: the lexicon classifier and the default taxonomies."""

from __future__ import annotations

from dlxh.classifiers.base import Classifier
from dlxh.classifiers.lexicon import LexiconClassifier
from dlxh.classifiers.taxonomies import DefaultTaxonomies
from dlxh.plugins.hookspecs import hookimpl
from dlxh.plugins.interfaces import TaxonomyProvider


@hookimpl
def dlxh_register_classifiers() -> list[type[Classifier]]:
    return [LexiconClassifier]


@hookimpl
def dlxh_register_taxonomies() -> list[type[TaxonomyProvider]]:
    return [DefaultTaxonomies]
