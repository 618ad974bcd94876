# config messages (en): pipeline.toml errors. $path/$line/$column locate the error; hints follow on their own line.

config-error-at = {$path}:{$line}:{$column}: {$message}
config-error-no-position = {$path}: {$message}
config-error-hint = hint: {$hint}
config-read-failed = cannot read the configuration file: {$reason}
config-top-level = the top level

## TOML and type errors
config-syntax = TOML syntax error: {$detail}
config-unknown-key = unknown key "{$key}" in {$table}
config-unknown-value = unknown value "{$value}" for "{$key}" in {$table}
config-missing-key = missing key "{$key}" in {$table}
config-wrong-type-key = wrong type for "{$key}" in {$table}: expected {$expected}, found {$found}
config-wrong-type = wrong type in {$table}: expected {$expected}, found {$found}
config-expected-number = a number
config-expected-whole-number = a whole number (0 or more)
config-expected-string = a string
config-expected-array = an array
config-expected-boolean = true or false
config-expected-table = a table

## Meaning
config-bad-language = "{$tag}" is not a valid language tag
config-no-targets = no target languages
config-target-is-source = target "{$tag}" is the source language
config-duplicate-target = target "{$tag}" is listed twice
config-missing-input = input "{$path}" does not exist
config-missing-glossary = glossary "{$path}" does not exist
config-missing-seed = memory seed file "{$path}" does not exist
config-missing-boilerplate = boilerplate rules file "{$path}" does not exist
config-threshold-range = fuzzy_threshold must be between 0 and 1, found {$value}
config-at-least-one = "{$key}" must be at least 1
config-route-from-not-source = route starts from "{$from}", but the source language is "{$source}"
config-route-no-engines = the route to "{$to}" lists no engines
config-unknown-engine = unknown engine "{$engine}"
config-duplicate-engine = engine "{$engine}" is listed twice in this route
config-duplicate-route = a second route for {$from}→{$to}
config-route-not-target = route to "{$to}", which is neither a target nor a pivot
config-target-without-route = target "{$to}" has no route from "{$from}"
config-pivot-end = pivot "{$pivot}" is an end of its own route
config-pivot-unrouted = route {$from}→{$to} pivots through "{$pivot}", which has no route from "{$from}"
config-pivot-loop = the pivots of route {$from}→{$to} go round in a loop: {$chain}
config-channel-name-unsafe = channel name "{$name}" cannot be used as a directory name
config-duplicate-channel = channel "{$name}" is defined twice
config-channel-not-target = channel "{$name}" is in "{$language}", which is not a target language
config-channel-no-formats = channel "{$name}" lists no formats
config-channel-format = channel "{$name}" of kind {$kind} cannot receive format "{$format}"
config-duplicate-format = format "{$format}" is listed twice

## Hints
config-hint-did-you-mean = did you mean "{$suggestion}"?
config-hint-allowed = allowed values: {$allowed}
config-hint-language = use a BCP 47 tag such as "vi", "en", "zh-Hans" or "pt-BR"
config-hint-no-targets = add at least one, for example targets = ["en"]
config-hint-looked-for = looked for {$path} (relative paths start from the directory of the configuration file)
config-hint-threshold = 0 accepts every fuzzy match, 1 only exact ones; 0.75 is usual
config-hint-engines = configured engines: {$engines}
config-hint-first-at = the first one is at line {$line}
config-hint-targets = target languages: {$targets}
config-hint-add-route = add [[routes]] with from = "{$from}", to = "{$to}" and its engines
config-hint-channel-name = use letters, digits, ".", "_" and "-", not starting with "."

# Channel options (tv captions, house style, ninjs)
config-channel-key-kind = "{$key}" does not apply to channel "{$name}" of kind {$kind}
config-hint-key-kinds = this key is for channels of kind: {$kinds}
config-channel-empty-dateline = channel "{$name}" has an empty dateline place
config-out-of-range = "{$key}" is {$value}; it must be between {$min} and {$max}
config-caption-durations = the minimum caption duration ({$min} ms) is longer than the maximum ({$max} ms)
config-channel-publish-state = "{$value}" is not a translation state
config-hint-publish-states = list some of "approved" (a reviewer approved it), "translated" (a translator's work, not yet approved) and "machine" (engine output)
config-channel-publish-empty = channel "{$name}" would publish nothing: "publish" is empty
config-channel-package-format = "{$format}" is not a package format; packages of held-back articles are XLIFF
config-channel-name-reserved = a channel cannot be named "{$name}": the run writes its own folder of that name in the output directory
config-webhook-url = the webhook's "url" must be an http or https address with a host, not "{$url}"
config-webhook-secret-env = the webhook's "secret_env" must name an environment variable (letters, digits, _), not "{$name}"
config-webhook-needs-ninjs = channel "{$name}" has a webhook but does not write ninjs: add "ninjs" to its formats
