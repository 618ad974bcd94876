# Command-line help and messages (English)
cli-about = Translate Vietnamese news articles and publish them for foreign-language desks.
cli-run-about = Run the pipeline: ingest, segment, translate from memory and engines, publish complete articles, package the rest for translators.
cli-segment-about = Print the segments (sentences) of an article or of running text.
cli-import-about = Import reviewed XLIFF packages into the translation memory as approved.
cli-memory-about = Export or import the translation memory (TMX 1.4b).
cli-memory-export-about = Write the translation memory as TMX 1.4b.
cli-memory-import-about = Load TMX files into the translation memory.
cli-arg-lang = Language of messages: en or vi (default: from LANG).
cli-arg-config = The pipeline configuration (default: ./pipeline.toml when it exists).
cli-arg-inputs = Article files or directories (default: the inputs of pipeline.toml).
cli-arg-out = Output directory or file.
cli-arg-json = Print JSON instead of text.
cli-arg-strict = Exit with 1 when any article is held back.
cli-arg-plain = Read running text with no article structure.
cli-arg-file = The input file, or - for standard input.
cli-arg-files = The files to import.
cli-arg-store = The store (default: from pipeline.toml).
cli-arg-pair = Only entries of this language pair, as SOURCE-TARGET (vi-en).
cli-arg-state = State of entries that carry none: approved, translated or machine.

cli-error = error: { $detail }
cli-config-missing = the configuration file { $path } does not exist
cli-read-failed = cannot read { $path }: { $detail }
cli-write-failed = cannot write { $path }: { $detail }
cli-invalid-utf8 = { $path }: not valid UTF-8 at byte { $offset }
cli-run-no-inputs = nothing to translate: there is no pipeline.toml here and no input was given (try: dich run ARTICLE-FILES…, or --config FILE)
cli-interrupt-received = Interrupted: finishing the current article, then stopping. Everything stored so far is kept; run again to continue.
cli-import-done = Imported { $imported } approved translations from { $files } file(s) ({ $units } units, { $without } without a target yet).
cli-import-refused = Nothing was imported: { $count } problem(s) found.
cli-bad-pair = "{ $pair }" is not a language pair: write SOURCE-TARGET, for example vi-en
cli-bad-state = "{ $state }" is not a memory state: use approved, translated or machine
cli-memory-exported = Wrote { $count } memory entries to { $path }.
cli-memory-imported = Loaded { $count } memory entries from { $files } file(s).

# dich translate
cli-translate-about = Translate running text with one engine (from pipeline.toml, or --engine TYPE --url URL).
cli-arg-from = Source language (BCP 47, e.g. vi).
cli-arg-to = Target language (BCP 47, e.g. en).
cli-arg-engine = An engine named in pipeline.toml, or an engine type: deepl, google, libretranslate, openai, apertium, command.
cli-arg-url = The engine's base URL (replaces the configured one).
cli-arg-model = The model (openai: the model name).
cli-arg-program = The program of a command engine.
cli-translate-no-engine = no engine: name one with --engine (a name from pipeline.toml or a type: { $types })
cli-translate-missing = not translated: { $segment }: { $reason }
