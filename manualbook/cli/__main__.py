"""``python -m manualbook.cli ...``: the command line (as ``python -m manualbook``)."""

import sys

from manualbook.cli import main

if __name__ == "__main__":
    sys.exit(main())
