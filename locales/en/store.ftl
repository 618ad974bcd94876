# store messages (en)

store-error-open = Cannot open the store { $path }: { $detail }
store-error-not-a-store = { $path } is not a dich store ({ $detail }). Choose another file for the memory location in pipeline.toml.
store-error-newer-schema = The store { $path } was written by a newer dich (schema version { $found }; this dich knows up to version { $supported }). Update dich, or use another store file.
store-error-migration = Store { $path }: upgrading the schema to version { $version } failed: { $detail }
store-error-sqlite = Store { $path }: { $action } failed: { $detail }
store-error-corrupt = Store { $path }: { $what } failed, the stored data cannot be read: { $detail }
store-error-empty-field = Store { $path }: the translation-memory entry “{ $source_text }” has an empty { $field }; nothing of its batch was written.
store-error-unknown-run = Store { $path }: there is no run { $run }.
store-error-busy = Another dich run is using the store { $path } (process and start time: { $holder }). Wait until it has finished, or give this run a store of its own (`store` in pipeline.toml).
store-busy-holder-unknown = not known yet

store-action-open = setting up the database
store-action-save-article = saving article { $article }
store-action-load-article = reading article { $article }
store-action-load-segments = reading the segments of article { $article }
store-action-start-run = starting a run
store-action-record-event = recording an event of run { $run } for article { $article }
store-action-finish-run = finishing run { $run }
store-action-read-runs = reading the run journal
store-action-save-target = saving the { $lang } translation of segment { $segment } (article { $article })
store-action-load-targets = reading the { $lang } translations of article { $article }
store-action-tm-transaction = writing to the translation memory
store-action-tm-put = storing “{ $source }” in the translation memory
store-action-tm-lookup = looking up “{ $source }” in the translation memory
store-action-tm-list = listing the translation memory

store-penalty-number-differs = number differs: { $source } ≠ { $memory }
store-penalty-number-missing = number { $number } is not in the memory match
store-penalty-number-extra = the memory match has another number: { $number }
store-penalty-placeholder-differs = placeholder differs: { $source } ≠ { $memory }
store-penalty-placeholder-missing = placeholder { $placeholder } is not in the memory match
store-penalty-placeholder-extra = the memory match has another placeholder: { $placeholder }
store-penalty-diacritics = { $count ->
    [one] 1 diacritic differs
   *[other] { $count } diacritics differ
}
store-penalty-edits = { $count ->
    [one] 1 character differs
   *[other] { $count } characters differ
}
store-action-save-terms = saving the glossary hits of article { $article }
store-action-load-terms = reading the glossary hits of article { $article }
store-is-a-folder = it is a directory (a folder); the store is a file (set store in pipeline.toml to a file name)
store-action-audit = recording who changed what
store-action-deliveries = keeping the webhook delivery log
store-backup-failed = could not copy the store to { $backup } before migrating it: { $detail }
store-migrating = store { $path }: schema { $from } brought to { $to }; the store as it was is kept in { $backup }
store-action-work-queue = sharing the batch between workers
store-action-quota = sharing the engine quota between workers
store-pg-other-tables = the database already holds { $tables } tables of another application; give dich a database (or schema) of its own
