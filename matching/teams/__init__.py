"""Team assembly: a chief architect, a chief engineer and engineers covering a programme."""
