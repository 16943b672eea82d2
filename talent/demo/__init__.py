"""Demo data: a seeded generator of Vietnamese and diaspora experts, their works, organisations
and programmes, and the batched seeding of a graph. Imports every other feature; nothing
imports it but the API, the jobs and the benchmarks."""
