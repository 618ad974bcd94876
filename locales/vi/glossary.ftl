# glossary messages (vi)
