# engine messages (en)

engine-error-store = Engine { $engine }: the translation memory failed: { $detail }
engine-error-unsupported-pair = Engine { $engine } does not translate { $pair }.
engine-error-failed = Engine { $engine } failed: { $detail }
