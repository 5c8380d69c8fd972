"""``python -m models.cli`` is ``pathway-sim``."""

import sys

from models.cli import main

sys.exit(main())
