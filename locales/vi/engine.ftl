# engine messages (vi)
