# pipeline messages (en)
