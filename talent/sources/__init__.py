"""Evidence from where experts already are: ORCID, OpenAlex, Crossref, and the reference files
(BibTeX, RIS) people export from them, read into one shape (`models`) before anything is kept."""
