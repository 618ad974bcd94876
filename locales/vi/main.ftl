# main messages (vi)
