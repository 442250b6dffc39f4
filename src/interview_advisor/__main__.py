"""
``python -m interview_advisor``: the command line.
"""

from ._cli import main

raise SystemExit(main())
