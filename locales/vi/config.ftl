# config messages (vi)
