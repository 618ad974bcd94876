# pipeline messages (vi)
