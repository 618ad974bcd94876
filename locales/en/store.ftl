# store messages (en)
