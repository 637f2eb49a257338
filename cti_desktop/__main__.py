from cti_desktop.cli import main

raise SystemExit(main())
