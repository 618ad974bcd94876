# Words dich writes into published articles in French (not the interface's language: see locales/en and locales/vi).
output-photo-credit = Photo : { $name }
output-translated-from = Traduit du vietnamien.
