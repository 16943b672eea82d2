"""What waits for each signed-in user, for their start page: reads only. May import talent's
other packages and graph."""
