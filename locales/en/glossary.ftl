# glossary messages (en)
