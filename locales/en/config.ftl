# config messages (en)
