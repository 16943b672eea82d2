"""Ranking experts for roles: the request and response models (`models`), the graph reads and
writes (`repository`, the only caller of the store), the in-memory index and its building,
ranking, explanations, the synchronous match and decisions (`service`), full matches as jobs and
their stored runs (`runs`, `tasks`), and the publication-archive affinity scorer. Imports
`graph` and `talent` (core, resources, audit, jobs, experts' statuses); never `api`."""
