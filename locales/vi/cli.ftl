# cli messages (vi)
