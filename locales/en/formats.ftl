# formats messages (en)
