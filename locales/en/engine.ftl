# engine messages (en)
