"""integration-indicators: sourced economic-integration indicators for Belarus and Russia.

Load the bundled catalogue (or your own directory in the same layout) with ``load``;
every figure carries its source, verbatim quote, qualifier, status and bounds, in the
indicator's canonical unit.

>>> import integration_indicators as ii
>>> cat = ii.load()
>>> sorted(cat.observations().columns)[:3]
['as_of', 'attributed_to', 'cited_source']
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types
from typing import TYPE_CHECKING

from integration_indicators.analysis.described_files import validate as validate
from integration_indicators.analysis.series import IndicatorSeries as IndicatorSeries
from integration_indicators.catalogue import Catalogue as Catalogue
from integration_indicators.catalogue.loader import bundled_path as bundled_path
from integration_indicators.catalogue.loader import load as load
from integration_indicators.errors import AlignmentError as AlignmentError
from integration_indicators.errors import AmbiguityError as AmbiguityError
from integration_indicators.errors import FetchError as FetchError
from integration_indicators.errors import GroupError as GroupError
from integration_indicators.errors import IndicatorError as IndicatorError
from integration_indicators.errors import MetricError as MetricError
from integration_indicators.errors import NoRowsError as NoRowsError
from integration_indicators.errors import OutputError as OutputError
from integration_indicators.errors import PeriodError as PeriodError
from integration_indicators.errors import Problem as Problem
from integration_indicators.errors import Report as Report
from integration_indicators.errors import UnitError as UnitError
from integration_indicators.errors import ValidationError as ValidationError
from integration_indicators.publish.export import export_observations as export_observations
from integration_indicators.publish.export import read_observations as read_observations

__version__ = "0.1.0"

#: Public modules by the name they have always had here, and where they live now (the
#: package is grouped by role: io, importers, validation, model, analysis, publish).
#: Imported on first use, so that ``import integration_indicators`` stays light.
MODULES = {
    "metrics": "analysis.metrics",
    "series": "analysis.series",
    "crosscheck": "analysis.crosscheck",
    "indices": "analysis.indices",
    "claimed": "model.claimed",
    "currencies": "model.currencies",
    "economies": "model.economies",
    "units": "model.units",
    "panel": "validation.panel",
    "wdi": "importers.wdi",
    "dots": "importers.dots",
    "dots_workbooks": "importers.dots_workbooks",
    "groups": "analysis.groups",
    "rates": "analysis.rates",
    "claims": "importers.claims",
    "articles": "importers.articles",
}

if TYPE_CHECKING:
    from .analysis import crosscheck as crosscheck
    from .analysis import groups as groups
    from .analysis import indices as indices
    from .analysis import metrics as metrics
    from .analysis import rates as rates
    from .analysis import series as series
    from .importers import articles as articles
    from .importers import claims as claims
    from .importers import dots as dots
    from .importers import dots_workbooks as dots_workbooks
    from .importers import wdi as wdi
    from .model import claimed as claimed
    from .model import currencies as currencies
    from .model import economies as economies
    from .model import units as units
    from .validation import panel as panel


def __getattr__(name: str) -> object:
    """``ii.metrics``, ``from integration_indicators import indices``: imported on first use."""
    if name in MODULES:
        module = importlib.import_module(f"{__name__}.{MODULES[name]}")
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """The package's names, the lazily imported modules among them."""
    return sorted({*globals(), *MODULES})


class _ModuleAliases(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """``import integration_indicators.metrics`` imports ``analysis.metrics`` (the name the
    docstrings and the modules' first home use): the same module object, under both names."""

    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        if package != __name__ or name not in MODULES:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return importlib.import_module(f"{__name__}.{MODULES[spec.name.rpartition('.')[2]]}")

    def exec_module(self, module: types.ModuleType) -> None:
        """Nothing to run: the module was imported under its own name."""


if not any(isinstance(finder, _ModuleAliases) for finder in sys.meta_path):
    sys.meta_path.append(_ModuleAliases())


__all__ = [  # noqa: RUF022 (grouped by purpose)
    # loading
    "Catalogue",
    "bundled_path",
    "load",
    "validate",
    "Report",
    # series (metrics live in integration_indicators.metrics)
    "IndicatorSeries",
    # exchange
    "export_observations",
    "read_observations",
    # errors
    "AlignmentError",
    "AmbiguityError",
    "IndicatorError",
    "GroupError",
    "MetricError",
    "NoRowsError",
    "FetchError",
    "OutputError",
    "PeriodError",
    "Problem",
    "UnitError",
    "ValidationError",
]
