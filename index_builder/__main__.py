"""`python -m index_builder` is `eppermed-index`."""

import sys

from index_builder.cli import main

sys.exit(main())
