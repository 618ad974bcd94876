# glossary messages (en)
glossary-unreadable = { $file }: cannot read the term base: { $reason }
glossary-missing-header = { $file }: no header row (expected columns such as vi, en, kind, status); reading it as two columns vi, en
glossary-missing-column = { $file }: the header has no { $column } column
glossary-unknown-column = { $file }: unknown column "{ $column }" is ignored (known: vi, en and other language codes, kind, status, forbidden, note, evidence, slot, expansion, lang@channel)
glossary-line-too-long = { $file }:{ $line }: line of { $bytes } bytes is longer than the { $limit }-byte limit; row skipped
glossary-invalid-utf8 = { $file }:{ $line }: not valid UTF-8; row skipped (save the file as UTF-8)
glossary-unterminated-quote = { $file }:{ $line }: a quoted cell is not closed; row skipped
glossary-wrong-column-count = { $file }:{ $line }: { $found } cells where the header has { $expected } columns; row skipped
glossary-empty-term = { $file }:{ $line }: the { $column } cell is empty or only whitespace; row skipped
glossary-unknown-kind = { $file }:{ $line }: unknown kind "{ $value }" (title, organization, place, person, acronym, document, concept, event); row skipped
glossary-unknown-status = { $file }:{ $line }: unknown status "{ $value }" (approved, proposed, forbidden); row skipped
glossary-duplicate-row = { $file }:{ $line }: duplicate of the row at { $first }; row skipped
glossary-conflict-same-source = "{ $term }" has two renderings: "{ $first }" and "{ $second }"
glossary-suggest-same-source = keep one rendering (for example "{ $first }") and move the other to the forbidden column, or give the rows different kinds
glossary-conflict-twins = "{ $first }" and "{ $second }" are the same term in another spelling (tone-mark style, case or spacing)
glossary-suggest-twins-differ = the matcher treats them as one term: keep one row with one rendering (for example "{ $first }")
glossary-suggest-twins-same = delete the row "{ $second }": the matcher already finds both spellings
glossary-conflict-nested = "{ $long }" contains "{ $short }", but its rendering "{ $long_en }" does not contain "{ $short_en }"
glossary-suggest-nested = check that the longer rendering uses "{ $short_en }", or note why it differs
glossary-conflict-acronym = acronym { $acronym } is rendered "{ $acronym_en }" but its expansion "{ $expansion }" is rendered "{ $expansion_en }"
glossary-suggest-acronym = align the acronym's rendering with "{ $expansion_en }"
glossary-conflict-cycle = acronym { $acronym } is defined through { $other }, which leads back to { $acronym }
glossary-suggest-cycle = give { $acronym } its full Vietnamese expansion instead of another acronym
glossary-conflict-forbidden = "{ $rendering }" is the rendering of "{ $term }" but is forbidden for "{ $owner }"
glossary-suggest-forbidden = choose another rendering for "{ $term }" or remove it from the forbidden list
glossary-conflict-unfilled-slot = "{ $term }" uses the slot {"{"}{ $slot }{"}"} but no entry fills it
glossary-suggest-unfilled-slot = add entries with slot = { $slot } (for example in places.tsv)
