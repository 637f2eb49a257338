"""The bundle's entry point: the same `main` as the `cti-desktop` console script."""

from cti_desktop.cli import main

raise SystemExit(main())
