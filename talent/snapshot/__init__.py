"""One read of experts, skills, works and links per process, from which the matching, search
and duplicate indexes are built, kept current by following the change log."""
