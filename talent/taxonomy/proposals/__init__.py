"""Skills proposed by the people who miss them (at registration or on their profile), each
accepted into the taxonomy under a technology group, or rejected with a reason, by an admin."""
