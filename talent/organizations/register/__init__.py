"""ROR's register: reference records from a dump, apart from the organisations in use."""
