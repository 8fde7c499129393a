"""Organisations, reporting lines and the collaborator network (DOMAIN.md §5).

>>> import datetime as dt
>>> from dlxh.network import build_structure, coverage
>>> from dlxh.testing.roster import generate_roster
>>> structure = build_structure("08", as_of=dt.date(2026, 1, 1), members=True)
>>> roster = generate_roster("08", as_of=dt.date(2026, 1, 1), leave_empty={"00691"})
>>> [u.code for u in coverage(roster, "08", as_of=dt.date(2026, 1, 1)).blind_units]
['00691']

- :func:`build_structure`: the Front's system of a province, with reporting lines;
- :func:`write_roster` and :data:`ROSTER_COLUMNS`: the roster workbook;
- :func:`coverage`, :func:`representativeness`, :func:`activity`, :func:`expiring_contracts`,
  :func:`grade`: network analytics, each with a ``.table()``;
- :func:`rollout`: training roll-out from the province down;
- :class:`Pseudonymizer` and :func:`for_upward_export`: what may leave a level.
"""

from __future__ import annotations

from dlxh.network.activity import (
    Activity,
    CollaboratorActivity,
    UnitActivity,
    activity,
    taken_item_ids,
)
from dlxh.network.coverage import Coverage, LevelCoverage, coverage
from dlxh.network.evaluation import (
    ExpiringContract,
    ExpiringContracts,
    Grade,
    GradeRule,
    Grading,
    GradingScheme,
    expiring_contracts,
    grade,
)
from dlxh.network.pseudonyms import (
    Pseudonymizer,
    UpwardExport,
    for_upward_export,
    pseudonymise_collaborators,
    pseudonymise_items,
)
from dlxh.network.representativeness import (
    DimensionFit,
    Representativeness,
    jensen_shannon,
    representativeness,
    total_variation,
)
from dlxh.network.roster import ROSTER_COLUMNS, roster_table, write_roster
from dlxh.network.structure import (
    MEMBER_ORGANISATIONS,
    OrgStructure,
    build_structure,
    line_id,
    org_id,
)
from dlxh.network.training import LevelRollout, Rollout, RolloutEntry, RolloutStatus, rollout

__all__ = [
    "MEMBER_ORGANISATIONS",
    "ROSTER_COLUMNS",
    "Activity",
    "CollaboratorActivity",
    "Coverage",
    "DimensionFit",
    "ExpiringContract",
    "ExpiringContracts",
    "Grade",
    "GradeRule",
    "Grading",
    "GradingScheme",
    "LevelCoverage",
    "LevelRollout",
    "OrgStructure",
    "Pseudonymizer",
    "Representativeness",
    "Rollout",
    "RolloutEntry",
    "RolloutStatus",
    "UnitActivity",
    "UpwardExport",
    "activity",
    "build_structure",
    "coverage",
    "expiring_contracts",
    "for_upward_export",
    "grade",
    "jensen_shannon",
    "line_id",
    "org_id",
    "pseudonymise_collaborators",
    "pseudonymise_items",
    "representativeness",
    "rollout",
    "roster_table",
    "taken_item_ids",
    "total_variation",
    "write_roster",
]
