"""Page routes, one module per kind of user; each route parses, authorises (the policy, as for
the API) and calls one service function, then renders."""
