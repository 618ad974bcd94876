# Words dich writes into published articles in English (not the interface's language: see locales/en and locales/vi).
output-photo-credit = Photo: { $name }
output-translated-from = Translated from Vietnamese.
