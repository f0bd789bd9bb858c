"""The unit registry under threads: one registry, every currency any thread defined.

A new interpreter imports pint and CLDR's currency list but never touches a unit, then forks
200 children: each starts with no registry, exactly as a fresh process does, and starts
threads that wait at a barrier and parse currency units for the first time all at once.
Before the registry and its currencies became one object built under a lock, every run of
this failed (32 to 36 of 48 parses per process): one thread's registry was cached while the
set of defined currencies said USD existed, and ``million USD`` became ``unit-unknown``.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

#: Fresh processes in one run of the stress test.
PROCESSES = 200

STRESS = textwrap.dedent(
    """
    import os, sys, threading
    import pint  # imported before the forks, never used: each child builds its own registry
    from integration_indicators.model import currencies, units

    currencies.currency_codes()
    assert units.REGISTRY._registry is None
    UNITS = ("million USD", "billion KZT", "trillion RUB", "BYN / USD", "EUR",
             "million CNY / year")


    def child():
        barrier = threading.Barrier(8)
        failures = []

        def work(offset):
            barrier.wait()
            for i in range(len(UNITS)):
                unit = UNITS[(i + offset) % len(UNITS)]
                try:
                    units.check_unit(unit)
                    if unit == "million USD" and units.conversion_factor(unit, "USD") != 1e6:
                        failures.append("million USD is not 1e6 USD")
                except Exception as exc:
                    failures.append(f"{unit}: {exc!r}")

        threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if not units.REGISTRY.defined_currencies() >= {"USD", "KZT", "RUB", "BYN", "EUR", "CNY"}:
            failures.append(f"defined: {sorted(units.REGISTRY.defined_currencies())}")
        for f in failures[:3]:
            print(f, flush=True)
        return 1 if failures else 0


    failed = 0
    running = []
    for n in range(int(sys.argv[1])):
        pid = os.fork()
        if pid == 0:
            os._exit(child())
        running.append(pid)
        if len(running) == 2:
            failed += os.waitstatus_to_exitcode(os.waitpid(running.pop(0), 0)[1]) != 0
    for pid in running:
        failed += os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) != 0
    print(f"{failed} of {sys.argv[1]} processes failed")
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="needs os.fork")
def test_threads_in_many_fresh_processes_share_one_registry() -> None:
    done = subprocess.run(
        [sys.executable, "-c", STRESS, str(PROCESSES)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith(f"0 of {PROCESSES} processes failed"), done.stdout[-2000:]


def test_one_registry_object_for_every_caller() -> None:
    from integration_indicators.model import units

    units.check_unit("million AMD")
    assert units.registry() is units.registry()
    assert "AMD" in units.REGISTRY.defined_currencies()
    with units.locked() as ureg:
        assert ureg is units.registry()
        assert str(ureg.Quantity(1.0, units.parse_unit("AMD")).dimensionality) == "[currency_AMD]"
