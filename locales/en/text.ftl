# text messages (en)
