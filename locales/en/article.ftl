# article messages (en)
