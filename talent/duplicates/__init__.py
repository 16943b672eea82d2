"""Finding the same person among profiles: pair scoring (`scoring`), what it reads from the
graph (`repository`) and the per-process index of live profiles that registration checks
against (`checker`). Imports `core`, `experts.models` and `graph`."""
