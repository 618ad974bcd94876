# text messages (vi)
