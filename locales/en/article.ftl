# article messages (en)

ingest-invalid-utf8 = { $file }: not valid UTF-8 at byte { $offset } (for a legacy Vietnamese file, give the encoding: windows-1258)
ingest-invalid-utf16 = { $file }: not valid UTF-16 at byte { $offset }
ingest-empty = { $file }: the file is empty
ingest-too-large = { $file }: { $bytes } bytes, over the limit of { $limit } bytes
ingest-binary = { $file }: a binary file, not text
ingest-not-an-article = { $file }: not an article: { $reason }
ingest-io = { $file }: cannot read the file: { $detail }
ingest-bad-rules = { $file }, line { $line }: bad boilerplate rule: { $detail }

ingest-reason-no-text = no paragraph of text is left after the boilerplate is dropped
ingest-reason-no-headline = no headline was found
ingest-reason-json-syntax = the JSON does not parse (line { $line }, column { $column }): { $detail }
ingest-reason-json-not-ninjs = the JSON is not a ninjs news item (no uri, headlines or bodies)
ingest-reason-rules-regex = the regex { $pattern } does not compile: { $detail }
ingest-reason-rules-group = the regex { $pattern } lacks the named group { $group }
