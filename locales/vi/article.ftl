# article messages (vi)
