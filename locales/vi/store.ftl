# store messages (vi)
