"""Every data query, written once in the Cypher subset both engines run."""
