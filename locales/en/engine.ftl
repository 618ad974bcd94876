# engine messages (en)

engine-error-store = Engine { $engine }: the translation memory failed: { $detail }
engine-error-unsupported-pair = Engine { $engine } does not translate { $pair }.
engine-error-failed = Engine { $engine } failed: { $detail }

# Engine settings in pipeline.toml
engine-config-positive = "{ $key }" in [engines.{ $engine }] must be greater than 0, found { $value }
engine-config-too-long = "{ $key }" in [engines.{ $engine }] must be at most { $max } seconds, found { $value }
engine-config-price = price_per_million_chars in [engines.{ $engine }] must be 0 or more, found { $value }
engine-config-url = url in [engines.{ $engine }] must be an http:// or https:// address, found "{ $url }"
engine-config-key-both = [engines.{ $engine }] sets both api_key_env and api_key_file; keep one
engine-config-key-file = the key file "{ $path }" of [engines.{ $engine }] does not exist
engine-config-value = unknown value "{ $value }" for "{ $key }" in [engines.{ $engine }]
engine-config-temperature = temperature in [engines.{ $engine }] must be between 0 and 2, found { $value }
engine-config-required = [engines.{ $engine }] of type "{ $kind }" needs "{ $key }"
engine-error-transient = Engine { $engine } failed for now: { $detail }
engine-error-exhausted = Engine { $engine } is out for this run: { $detail }
engine-error-setup = Engine { $engine } cannot be set up: { $detail }

# Remote engines
engine-http-status = the server answered { $status }: { $body }
engine-malformed-answer = unusable answer: { $detail }
engine-answer-too-large = the answer is larger than { $limit } bytes
engine-count-mismatch = sent { $sent } segments, received { $received } translations
engine-empty-answer = the engine gave an empty translation
engine-protect-dropped = { $item } is missing from the translation
engine-protect-doubled = { $item } occurs more often in the translation than in the source
engine-protect-added = { $item } is in the translation but not in the source
engine-llm-no-json = no JSON object in the model's reply
engine-llm-missing = the model left this segment out ({ $sent } sent, { $received } answered)
engine-llm-repeated = the model answered this segment more than once
engine-llm-glossary = the glossary term "{ $term }" is not rendered as "{ $target }"
engine-command-spawn = cannot start { $program }: { $detail }
engine-command-timeout = the program gave no answer within { $seconds } s
engine-command-status = the program ended with { $status }: { $detail }
engine-command-no-answer = the program gave no answer for this segment
engine-setup-memory = the memory engine is built from the store, not by the registry
engine-setup-unknown-type = unknown engine type "{ $kind }"; known types: { $known }
engine-setup-no-url = no url is configured and the service has no public address
engine-setup-no-key = no API key: set api_key_env or api_key_file
engine-setup-no-model = no model is configured
engine-setup-no-program = no program is configured
engine-key-env-missing = the environment variable { $var } holding the API key is not set
engine-key-file-unreadable = cannot read the key file { $path }: { $detail }
engine-key-file-empty = the key file { $path } is empty

# Routes and the run summary
engine-breaker-open = engine { $engine } is paused after { $failures } failed calls in a row
engine-refused = { $engine }: { $reason }
engine-no-output = { $engine } gave no output for this segment
engine-summary-extra = { $retries } retries, { $flagged } segments flagged, estimated cost { $cost }
engine-summary-out = taken out for this run: { $reason }
engine-route-unanswered = no engine of route { $pair } translated this segment
engine-route-no-pivot = no { $pivot } version of this segment to translate from (route { $pair } goes through { $pivot })

# Term protection around machine engines
engine-guard-strategy-failed = { $strategy }: { $failures }
engine-guard-terms-lost = glossary terms did not survive translation ({ $failures })
## Marian (embedded OPUS-MT engine)
marian-model-missing = The model directory { $dir } does not exist. Get the model with: { $command }
marian-file-missing = The model file { $path } is missing.
marian-file-unreadable = Cannot read { $path }: { $detail }
marian-file-invalid = { $path } is not a usable model file: { $detail }
marian-config-invalid = { $path }, line { $line }, column { $column }: invalid model configuration: { $detail }
marian-config-unknown-fields = { $path }: fields ignored (not used by this engine): { $fields }
marian-weights-missing = The model directory { $dir } has neither model.safetensors nor pytorch_model.bin.
marian-vocab-mismatch = { $path } has { $vocab } entries but the model's configuration says { $config }: the vocabulary does not belong to these weights.
marian-special-mismatch = { $path }: the ids of </s> or <pad> differ from the model's configuration.
marian-target-vocab-missing = The model file { $path } is missing: tokenizer_config.json says the model has separate source and target vocabularies ("separate_vocabs": true).
marian-target-vocab-mismatch = { $path } has { $vocab } entries but the model's configuration gives the decoder { $config }: the target vocabulary does not belong to these weights.
marian-pair-unknown = Cannot tell which languages the model in { $dir } translates: declare the pair (source and target) in the engine's settings.
marian-cpu-unknown = { $variable }="{ $value }" is not a kernel family: use avx512, avx2 or portable (this CPU runs: { $usable }), or leave it unset to use the widest.
marian-cpu-unavailable = { $variable }="{ $value }": this CPU cannot run these kernels (it runs: { $usable }).
marian-kernel = Engine { $engine }: { $precision } products on the { $kernel } kernels ({ $source }).
marian-kernel-detected = widest this CPU has
marian-kernel-forced = forced by { $variable }
marian-truncated = Engine { $engine }: segment { $index } has { $tokens } tokens, more than the model's { $max }; only its beginning is translated.

## Models from the Hugging Face hub (dich models)
models-error-http = { $url } answered HTTP { $status }.
models-error-network = Cannot download { $url }: { $detail }
models-error-io = Cannot write { $path }: { $detail }
models-error-checksum = { $path } is corrupt: its checksum is { $actual }, the hub says { $expected }. The partial file was deleted; run the pull again.
models-error-no-weights = The repository { $repo } has neither model.safetensors nor pytorch_model.bin.
models-error-bad-name = "{ $name }" is not a model name: use NAME or ORGANISATION/NAME (letters, digits, - _ .).
models-error-newer-layout = the models directory { $dir } is laid out by a newer dich (layout { $found }; this dich reads layout { $supported }): upgrade dich, or give it another directory with --dir
engine-key-env-not-a-name = "api_key_env" must name an environment variable (letters, digits and "_"), and its value is not one; if you pasted the key there, put it in the environment instead and name the variable (the value is not shown here)
engine-key-file-hidden = (a name that does not look like a file: is it the key itself? not shown)
engine-command-flood = the program wrote more than { $limit } bytes for this batch; it was stopped (a program that answers far more than it was asked is not used)
marian-pair-mismatch = { $engine }: the route asks { $asked }, the model says it translates { $model }; translating as the route says (check the model if the output looks wrong)
marian-no-target-token = the multilingual model in { $dir } has no target-language token for { $target }; it knows: { $tokens }
