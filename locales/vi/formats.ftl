# formats messages (vi)
