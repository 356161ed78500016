"""``pythonw -m manualbook_ui [--db BOOK]``: the desktop app, as the Start-menu shortcut starts it."""

import sys

from manualbook_ui.launch import main

sys.exit(main())
