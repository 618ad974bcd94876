# Pipeline, run summary, packages, memory exchange, channels (English)
pipeline-error-inputs = cannot read the input { $path }: { $detail }
pipeline-error-rules = the boilerplate rules cannot be used: { $detail }
pipeline-error-store = the store failed: { $detail }
pipeline-error-write = cannot write the outputs: { $detail }

article-held-missing = held back in { $language }: { $missing } of { $segments } segments have no translation yet

article-held-flagged = held back in { $language }: { $flagged } segments had machine translations refused (reasons in the package notes)
summary-title = dich run { $run }
summary-interrupted = The run was interrupted; what was done is stored, and the next run continues from there.
summary-resumed = Continued after run { $run }, which did not finish.
summary-totals = Articles: { $articles } — published { $published }, held back { $held }, failed { $failed }
summary-segments = Segments: { $segments } — from memory { $memory }, machine-translated { $machine }, waiting for translators { $missing }
summary-status-published = published
summary-status-held = held back
summary-status-failed = failed
summary-package = translator package: { $path }
summary-package-removed = old translator package removed: { $path } (the article is published)
summary-withdrawn = withdrawn: { $path } (published earlier; the article is held back now)
summary-engine = Engine { $name }: { $requests } requests, { $segments } segments, { $characters } characters sent, { $answered } answered, { $failures } failures
summary-memory = Translation memory: { $entries } entries
summary-glossary = Glossary: { $entries } entries; { $terms } terms found in the articles, { $kept } kept in the translations
summary-glossary-conflict = glossary conflict: { $detail }
summary-written = Outputs and run-summary.json / run-summary.txt are in { $path }

hint-no-engine = { $missing } segments have no translation and no machine-translation engine is configured. To translate them on this machine, get a model with `dich models pull opus-mt-vi-en`, add [engines.opus] with type = "marian" and model = "opus-mt-vi-en" to pipeline.toml and name it in the route; or plug in a service (DeepL, Google, LibreTranslate, an OpenAI-compatible endpoint, Apertium) the same way (see README, "Engines"). Until then translators can fill them in.
hint-pivot-models = For { $languages }: pull the English model as well ({ $models } where Helsinki-NLP publishes one; opus-mt-en-mul covers many others) and give each route pivot = "en", so the embedded engine translates through English with the glossary protected on both legs (see README, "Languages").
hint-packages = Send the XLIFF packages in { $path } to translators (OmegaT, Trados, memoQ, Weblate), then bring them back with: dich import FILE.xlf — or let them review in the browser: dich users add NAME --role translator, then dich serve
hint-failed = { $failed } article(s) could not be read; the reasons are listed above. The other articles were processed.

package-note-context = { $kind }, block { $block }
package-note-approved = approved translation from the memory ({ $provenance })
package-note-memory = from the memory, state { $state } ({ $provenance })
package-note-machine = machine translation by { $engine }: please review
package-note-term = term "{ $term }": house rendering "{ $rendering }" ({ $entry })
package-note-term-none = term "{ $term }": no house rendering in { $lang } yet ({ $entry })
package-note-flagged = reason the machine translation was not used: { $reason }
package-note-match = memory match { $percent }% ({ $state }): "{ $source }" → "{ $target }"

import-error-read = { $path }: cannot read the file: { $detail }
import-error-parse = { $path }: { $detail }
import-error-no-target-language = { $path }: the XLIFF file names no target language (trgLang)
import-error-unknown-article = { $path }: article "{ $article }" is not in the store (run dich on it first, with the same store)
import-error-unknown-unit = { $path }: unit "{ $unit }" is not a segment of article "{ $article }"
import-error-source-changed = { $path }: the source text of unit "{ $unit }" was changed: expected "{ $expected }", found "{ $found }"
import-error-placeholders = { $path }: unit "{ $unit }": the target does not keep the source's placeholders
import-error-store = the store failed: { $detail }

memory-tmx-read = { $path }: cannot read TMX: { $detail }
memory-tmx-unit = { $path }: translation unit { $unit } (line { $line }): { $detail }
memory-tmx-unreadable = { $path }: translation unit skipped: { $detail }
memory-tmx-no-lang = a variant has an empty language
memory-tmx-bad-state = unknown state "{ $state }"
memory-tmx-no-source = no variant in the source language { $lang }

channel-path-outside = the output path "{ $path }" would leave the output directory
channel-failed = channel { $channel }: { $detail }
channel-no-headline = article { $article } has no headline: press and TV channels need one
import-error-languages = { $path }: the file is { $source_tag } → { $target_tag }, which matches no configured pair (source { $source }, targets { $targets })
import-error-same-language = { $path }: the file translates { $source_tag } into { $target_tag }, the same language; nothing of it is imported
import-skipped-no-target = { $path }: unit "{ $unit }" skipped: no target
import-skipped-initial = { $path }: unit "{ $unit }" skipped: not confirmed as translated (state initial, new, needs-…, or none)
import-skipped-partly = { $path }: unit "{ $unit }" skipped: { $left } of its segments have no translation (a unit is imported whole or not at all)
article-held-state = held back from { $channel } in { $language }: { $segments } segments are only "{ $state }", and the channel publishes { $publishes } (approve them in the package, or change the channel's "publish")
pipeline-link-outside = { $link } is a link to { $target }, outside the input folder: not read (set [ingest] links = "anywhere" to follow such links)
pipeline-link-broken = { $link } is a link that points nowhere (or into a loop): not read
pipeline-link-not-followed = { $link } is a link, and [ingest] links = "never": not read
pipeline-id-taken = { $file } gives the article id "{ $id }", which { $other } already has in this run: not read (rename one of the two files; ids come from file names)
pipeline-id-taken-store = { $file } gives the article id "{ $id }", which the store holds for { $other }: not read, so neither overwrites the other (rename one of the two files)
pipeline-error-output = cannot write the output directory { $path }: { $detail }
pipeline-output-not-a-folder = a file is in its place, not a folder (remove it, or set output_dir or --out elsewhere)
