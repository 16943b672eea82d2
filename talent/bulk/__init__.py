"""Staff bulk import of experts from a CSV or XLSX list: reading the file (encodings, limits,
zip checks), mapping its columns, a dry run per row, and the run itself as a job. Imports
talent's experts, duplicates, reviews, accounts and jobs; never api."""
