"""`python -m bot`: the same as the `eppermed-bot` console script."""

from bot.cli import main

raise SystemExit(main())
