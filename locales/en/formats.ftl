# formats messages (en): XLIFF and TMX readers
formats-error-at = line {$line}, column {$column}: {$detail}
formats-error-in-unit = line {$line}, column {$column} (unit {$unit}): {$detail}
formats-malformed = malformed XML: {$detail}
formats-dtd-refused = a DOCTYPE with an internal subset or entity declarations is refused (entities are never expanded)
formats-unknown-entity = unknown entity &{$name}; (only &amp; &lt; &gt; &quot; &apos; and character references are allowed)
formats-unexpected-eof = the document ends before its elements are closed
formats-wrong-root = expected a <{$expected}> document, found <{$found}>
formats-unsupported-version = {$format} version "{$version}" is not supported (XLIFF 2.x is read)
formats-missing-attribute = <{$element}> has no {$attribute} attribute
formats-invalid-attribute = <{$element}> has an invalid {$attribute}: "{$value}"
formats-missing-element = <{$parent}> has no <{$element}>
formats-xliff-dropped-codes = formatting codes removed on import, their text kept: {$codes}
formats-too-deep = elements are nested more than {$limit} levels deep
