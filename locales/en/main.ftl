# main messages (en)
