"""A first check shares its files between forked processes: never from a process that runs other threads
(kb serve's server, a test's browser driver): a lock one of them holds at the fork stays held in the child for
ever, and the check hung (it did, in this suite, once a browser test had started Playwright's thread)."""

import subprocess
import sys
import textwrap

from conftest import REPO

PROBE = textwrap.dedent("""
    import sys, threading, time
    from pathlib import Path
    from kb.check import runner

    runner.PARALLEL_FROM = 1  # the mini project's few records are shared between processes as a large corpus is
    lock, held = threading.Lock(), threading.Event()

    def holder():  # another thread of the process holds a lock for a moment, as a driver's thread does
        with lock:
            held.set()
            time.sleep(1)

    threading.Thread(target=holder).start()
    held.wait()
    reading = runner._check_file

    def check_file(*args):  # reading a file takes that lock, as logging or an import does
        with lock:
            pass
        return reading(*args)

    runner._check_file = check_file
    checked, _ = runner.IncrementalCheck(Path(sys.argv[1]), jobs=2).run()
    print(len(checked.corpus.units), len(checked.errors))
""")


def test_a_first_check_in_a_process_with_threads_finishes_with_every_record(mini_project):
    done = subprocess.run([sys.executable, "-c", PROBE, str(mini_project)], capture_output=True, text=True,
                          timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr
    units, errors = map(int, done.stdout.split())
    assert units == len(list((mini_project / "records/units").rglob("*.md"))) and errors == 0



BUILD_HANDLER = textwrap.dedent("""
    import signal, sys
    from pathlib import Path
    from kb.check import runner

    runner.PARALLEL_FROM = 1

    def interrupt(signum, frame):  # what kb build sets: SIGTERM behaves like Ctrl+C
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    for _ in range(5):
        checked, _ = runner.IncrementalCheck(Path(sys.argv[1]), jobs=2).run()
    print(len(checked.corpus.units), len(checked.errors))
""")


def test_the_pools_workers_end_quietly_under_kb_builds_signal_handler(mini_project):
    """The pool ends its idle workers with SIGTERM. A worker that kept kb build's handler raised KeyboardInterrupt
    and printed a traceback for each worker on every first check (and a worker stopped inside a lock could leave
    the others waiting for ever): workers take the default action, and Ctrl+C is the parent's to handle."""
    done = subprocess.run([sys.executable, "-c", BUILD_HANDLER, str(mini_project)], capture_output=True, text=True,
                          timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "KeyboardInterrupt" not in done.stderr, done.stderr
    units, errors = map(int, done.stdout.split())
    assert units == len(list((mini_project / "records/units").rglob("*.md"))) and errors == 0
