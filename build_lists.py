#!/usr/bin/env python3
"""Command line of the credit-list site: ``validate`` files or ``build`` the site.

    python build_lists.py validate [--json] [--data DIR] PATH...
    python build_lists.py build [--data DIR] [--output DIR] [--as-of YYYY-MM-DD]
"""

import sys

from creditlists.cli import main

if __name__ == "__main__":
    sys.exit(main())
