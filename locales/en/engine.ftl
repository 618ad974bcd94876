# engine messages (en)

engine-error-store = Engine { $engine }: the translation memory failed: { $detail }
engine-error-unsupported-pair = Engine { $engine } does not translate { $pair }.
engine-error-failed = Engine { $engine } failed: { $detail }

## Marian (embedded OPUS-MT engine)
marian-model-missing = The model directory { $dir } does not exist. Get the model with: dich models pull { $model }
marian-file-missing = The model file { $path } is missing.
marian-file-unreadable = Cannot read { $path }: { $detail }
marian-file-invalid = { $path } is not a usable model file: { $detail }
marian-config-invalid = { $path }, line { $line }, column { $column }: invalid model configuration: { $detail }
marian-config-unknown-fields = { $path }: fields ignored (not used by this engine): { $fields }
marian-weights-missing = The model directory { $dir } has neither model.safetensors nor pytorch_model.bin.
marian-vocab-mismatch = { $path } has { $vocab } entries but the model's configuration says { $config }: the vocabulary does not belong to these weights.
marian-special-mismatch = { $path }: the ids of </s> or <pad> differ from the model's configuration.
marian-pair-unknown = Cannot tell which languages the model in { $dir } translates: declare the pair (source and target) in the engine's settings.
marian-truncated = Engine { $engine }: segment { $index } has { $tokens } tokens, more than the model's { $max }; only its beginning is translated.

## Models from the Hugging Face hub (dich models)
models-error-http = { $url } answered HTTP { $status }.
models-error-network = Cannot download { $url }: { $detail }
models-error-io = Cannot write { $path }: { $detail }
models-error-checksum = { $path } is corrupt: its checksum is { $actual }, the hub says { $expected }. The partial file was deleted; run the pull again.
models-error-no-weights = The repository { $repo } has neither model.safetensors nor pytorch_model.bin.
models-error-bad-name = "{ $name }" is not a model name: use NAME or ORGANISATION/NAME (letters, digits, - _ .).
