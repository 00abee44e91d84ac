"""multiprocessing.spawn (gilsim): the bootstrap of a child process.

Processes start as CPython's "spawn" method starts them: the child runs
the program's module code again, then the target of the process object
it was handed.
"""

import _process
import _thread
import sys

from . import process

def _child_main(blob):
    """The bootstrap of a child process: the engine calls it (as
    multiprocessing._child_main) once the module's code ran again."""
    proc = _process.loads(blob)
    process._current_process = proc
    process._process_counter = 0
    process._children = []
    exitcode = 0
    try:
        proc.run()
    except SystemExit as e:
        code = e.code
        if code is None:
            exitcode = 0
        elif isinstance(code, int):
            exitcode = code
        else:
            print(code, file=sys.stderr)
            exitcode = 1
    except BaseException as e:
        print("Process %s:" % proc.name, file=sys.stderr)
        print(_thread._format_exception(e), file=sys.stderr)
        exitcode = 1
    _process.send(proc._result, exitcode)
    proc._done.release()
    return exitcode
