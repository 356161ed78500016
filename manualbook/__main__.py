"""``python -m manualbook ...``: the command line, exactly as the ``manualbook`` script.

The Windows program folder has no ``manualbook.exe``; ``python.exe -m manualbook``
(or ``manualbook.cmd``, which runs it) is the command line there. With no
command it opens the desktop app, as the contract says.
"""

import sys

from manualbook.cli import main

if __name__ == "__main__":  # not when a worker process imports it (bundle_registers)
    sys.exit(main())
