"""Keywords renamed across the API, their old names kept for one release with a warning."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


def renamed(**old_to_new: str) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Accept each old keyword of *old_to_new* as its new name, with a ``DeprecationWarning``
    saying what to write (both at once is a ``TypeError``).

    >>> @renamed(partner="counterpart")
    ... def share(*, counterpart: str) -> str:
    ...     return counterpart
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as said:
    ...     warnings.simplefilter("always")
    ...     share(partner="RUS"), str(said[0].message)
    ('RUS', 'share(): partner= is deprecated, write counterpart= (removed in 0.2.0)')
    """

    def decorate(function: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(function)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            for old, new in old_to_new.items():
                if old not in kwargs:
                    continue
                name = function.__name__
                if new in kwargs:
                    raise TypeError(f"{name}() got {old}= and {new}=: write {new}= only")
                warnings.warn(
                    f"{name}(): {old}= is deprecated, write {new}= (removed in 0.2.0)",
                    DeprecationWarning,
                    stacklevel=2,
                )
                kwargs[new] = kwargs.pop(old)
            return function(*args, **kwargs)

        return wrapper

    return decorate
