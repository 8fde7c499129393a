"""Sphinx configuration for the dlxh documentation (built with warnings as errors)."""

from __future__ import annotations

import dlxh

project = "dlxh"
author = "The dlxh developers"
copyright = "2026, The dlxh developers"
version = release = dlxh.__version__
language = "en"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
    "sphinx_click",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_default_options = {"members": True, "show-inheritance": False}
# No intersphinx: the docs build offline (CI reaches only the package registries). A missing
# cross-reference to Python's own types must not fail the build; a broken page must.
nitpicky = False

html_theme = "furo"
html_title = f"dlxh {release}"
html_static_path = ["_static"]
